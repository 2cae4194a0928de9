import { FakeRuntime } from "./fake-runtime.js";
import { Commands, runtimeConformance } from "./runtime-conformance.js";
import type { ContainerSpec } from "./runtime.js";

const image = "berth-test/busybox:1";
const script = (spec: ContainerSpec) => spec.command?.join(" ") ?? "";

runtimeConformance({
  name: "fake",
  realNetwork: false,
  async setup() {
    const runtime = new FakeRuntime({
      images: [image],
      // Plays the suite's busybox commands.
      behaviour: {
        onStart(spec) {
          const s = script(spec);
          if (s === Commands.allocate64m.join(" ") && spec.memoryBytes !== undefined) return { exitCode: 137, oom: true };
          const exit = /^sh -c exit (\d+)$/.exec(s);
          if (exit) return { exitCode: Number(exit[1]) };
          if (s === Commands.output.join(" ")) return { exitCode: 0 };
          return undefined;
        },
        onStop: (spec) => Number(/trap 'exit (\d+)' TERM/.exec(script(spec))?.[1] ?? 143),
        healthAfterStart: () => "healthy",
        output: (spec) =>
          script(spec) === Commands.output.join(" ")
            ? [
                { stream: "stdout", line: "to-stdout" },
                { stream: "stderr", line: "to-stderr" },
              ]
            : [],
      },
    });
    return { runtime, image };
  },
});
