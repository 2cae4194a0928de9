/**
 * Test images without a registry: a rootfs made from Debian's busybox-static (`/bin/busybox`, installed
 * by scripts/setup.sh) with one symlink per applet, imported with `docker import` semantics through
 * the Engine API. The image is a cache: it is built once per engine and left in place between test
 * files and runs (tests must not remove it); delete it by hand with `docker rmi berth-test/busybox:1`.
 * Bump the tag when the image's contents change.
 */
import { spawn } from "node:child_process";
import { mkdtemp, mkdir, copyFile, symlink, rm, chmod, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";

export const BUSYBOX_IMAGE = "berth-test/busybox:1";
const BUSYBOX_BINARY = "/bin/busybox";

let pending: Promise<string> | undefined;

/** Returns the image reference, building the image if the engine lacks it. */
export function ensureBusyboxImage(docker: Docker = new Docker()): Promise<string> {
  pending ??= build(docker).catch((e: unknown) => {
    pending = undefined;
    throw e;
  });
  return pending;
}

async function build(docker: Docker): Promise<string> {
  try {
    await docker.getImage(BUSYBOX_IMAGE).inspect();
    return BUSYBOX_IMAGE;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
  }
  const root = await mkdtemp(join(tmpdir(), "berth-busybox-"));
  try {
    for (const d of ["bin", "tmp", "etc", "root", "var/www", "proc", "sys", "dev"]) {
      await mkdir(join(root, d), { recursive: true });
    }
    await chmod(join(root, "tmp"), 0o1777);
    await copyFile(BUSYBOX_BINARY, join(root, "bin/busybox"));
    await chmod(join(root, "bin/busybox"), 0o755);
    for (const applet of await applets()) {
      if (applet === "busybox") continue;
      await symlink("busybox", join(root, "bin", applet));
    }
    await writeFile(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
    await writeFile(join(root, "etc/group"), "root:x:0:\nnogroup:x:65534:\n");

    const tar = spawn("tar", ["-C", root, "--numeric-owner", "--owner=0", "--group=0", "-cf", "-", "."], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let tarErr = "";
    tar.stderr.on("data", (b: Buffer) => (tarErr += b.toString()));
    const tarDone = new Promise<void>((resolve, reject) =>
      tar.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`tar failed (${code}): ${tarErr}`)))),
    );
    const [repo, tag] = BUSYBOX_IMAGE.split(":");
    const stream = await docker.importImage(tar.stdout, { repo, tag, changes: ['CMD ["sh"]', "ENV PATH=/bin"] } as object);
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
        const failed = out?.find((o) => o.error);
        if (err || failed) reject(err ?? new Error(failed?.error));
        else resolve();
      }),
    );
    await tarDone;
    await docker.getImage(BUSYBOX_IMAGE).inspect();
    return BUSYBOX_IMAGE;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function applets(): Promise<string[]> {
  const child = spawn(BUSYBOX_BINARY, ["--list"], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  await new Promise<void>((resolve, reject) =>
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`busybox --list exited ${code}`)))),
  );
  return out.split("\n").map((s) => s.trim()).filter((s) => /^[\w.\[-]+$/.test(s));
}
