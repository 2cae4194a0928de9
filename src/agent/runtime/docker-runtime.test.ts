import { DockerRuntime } from "./docker-runtime.js";
import { runtimeConformance } from "./runtime-conformance.js";
import { ensureBusyboxImage } from "../../../test/support/busybox-image.js";

runtimeConformance({
  name: "Docker",
  realNetwork: true,
  async setup() {
    const runtime = new DockerRuntime();
    return { runtime, image: await ensureBusyboxImage(runtime.docker) };
  },
});
