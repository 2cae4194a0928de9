import { test } from "node:test";
import assert from "node:assert/strict";
import { FARGATE_SIZES, isFargateSize, parseTaskCpu, parseTaskMemory } from "./fargate.js";

test("task cpu accepts units and vCPU forms and normalises to units", () => {
  assert.equal(parseTaskCpu("1024"), 1024);
  assert.equal(parseTaskCpu("1 vCPU"), 1024);
  assert.equal(parseTaskCpu("1vcpu"), 1024);
  assert.equal(parseTaskCpu("0.25 vCPU"), 256);
  assert.equal(parseTaskCpu(".5 vcpu"), 512);
  assert.equal(parseTaskCpu("2 vCPUs"), 2048);
  assert.equal(parseTaskCpu(" 256 "), 256);
});

test("task cpu rejects fractions of a unit, other words, and values outside 128..196608", () => {
  for (const bad of ["0.3 vCPU", "1 core", "abc", "", "-256", "1.5", "64", "200000", "1e3"]) {
    assert.equal(parseTaskCpu(bad), undefined, bad);
  }
});

test("task memory accepts MiB and GB forms and normalises to MiB", () => {
  assert.equal(parseTaskMemory("512"), 512);
  assert.equal(parseTaskMemory("1GB"), 1024);
  assert.equal(parseTaskMemory("1 GB"), 1024);
  assert.equal(parseTaskMemory("0.5GB"), 512);
  assert.equal(parseTaskMemory("2 gib"), 2048);
  assert.equal(parseTaskMemory("300 MiB"), 300);
});

test("task memory rejects zero, fractions of a MiB and other units", () => {
  for (const bad of ["0", "0GB", "1.5", "1 TB", "lots", "0.0001GB"]) assert.equal(parseTaskMemory(bad), undefined, bad);
});

test("the Fargate table allows exactly AWS's combinations", () => {
  assert.deepEqual(FARGATE_SIZES.get(256), [512, 1024, 2048]);
  assert.deepEqual(FARGATE_SIZES.get(512), [1024, 2048, 3072, 4096]);
  assert.equal(FARGATE_SIZES.get(1024)!.length, 7);
  assert.equal(FARGATE_SIZES.get(2048)!.length, 13);
  assert.equal(FARGATE_SIZES.get(4096)!.length, 23);
  assert.equal(FARGATE_SIZES.get(8192)!.length, 12);
  assert.deepEqual([FARGATE_SIZES.get(16384)!.at(0), FARGATE_SIZES.get(16384)!.at(-1)], [32768, 122880]);
  assert.ok(isFargateSize(256, 512));
  assert.ok(isFargateSize(4096, 30720));
  assert.ok(isFargateSize(8192, 20480));
  assert.ok(!isFargateSize(1024, 1024));
  assert.ok(!isFargateSize(256, 4096));
  assert.ok(!isFargateSize(8192, 18432), "8 vCPU steps by 4 GB");
  assert.ok(!isFargateSize(128, 512));
});
