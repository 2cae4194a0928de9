/**
 * Run a command inside a container (docker exec) and wait for it to finish, returning its exit
 * code. The exec's attached stream is read to its end and destroyed: a detached or unread exec
 * leaves its socket to the engine open, and the test process then never exits.
 */
import type Docker from "dockerode";

export async function execIn(docker: Docker, containerId: string, cmd: string[]): Promise<number | null> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  await new Promise<void>((resolve) => {
    stream.on("end", () => resolve());
    stream.on("close", () => resolve());
    stream.on("error", () => resolve());
    stream.resume();
  });
  stream.destroy();
  return (await exec.inspect()).ExitCode ?? null;
}
