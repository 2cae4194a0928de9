/**
 * Test cleanup: force-removes containers that may be going away by themselves at the same moment
 * (a berth agent cleaning up, another removal in flight). One already gone (404) is fine; one whose
 * removal is already in progress (409) is waited for until it is gone, so nothing is left behind.
 */
import type Docker from "dockerode";

const statusOf = (e: unknown) => (e as { statusCode?: number }).statusCode;

export async function removeContainers(docker: Docker, containers: readonly { Id: string }[]): Promise<void> {
  await Promise.all(containers.map((c) => removeContainer(docker, c.Id)));
}

export async function removeContainer(docker: Docker, id: string): Promise<void> {
  const container = docker.getContainer(id);
  try {
    await container.remove({ force: true });
    return;
  } catch (e) {
    if (statusOf(e) === 404) return;
    if (statusOf(e) !== 409) throw e;
  }
  // Another removal is in progress: wait for the container to be gone (bounded: a stuck one fails the cleanup).
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      await container.inspect();
    } catch (e) {
      if (statusOf(e) === 404) return;
      throw e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`container ${id} is still being removed after 30 s`);
}
