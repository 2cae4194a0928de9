/**
 * The dispatcher without a port: whatever a signed client sends to any ECS operation, the answer
 * is a well-formed AWS error or a success, never a 500 (property test with fast-check).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { createDispatch, createDispatcher, type Dispatcher } from "./dispatch.js";
import { PageTokens } from "./page-tokens.js";
import { SqliteStore } from "../store/sqlite/sqlite-store.js";
import { services } from "../services/index.js";
import { ecsService } from "../services/ecs/service.js";
import type { HttpRequest, HttpResponse } from "./http-types.js";
import type { ServiceModel } from "../protocol/model.js";

/** Inputs of the right JSON types for a model shape (depth-limited), with values chosen to hurt. */
function arbitraryFor(model: ServiceModel, shapeName: string, depth = 0): fc.Arbitrary<unknown> {
  const shape = model.shapes[shapeName]!;
  const text = fc.oneof(fc.constantFrom("", "default", "a:1", "arn:aws:ecs:us-east-1:000000000000:cluster/default", "arn:aws:ecs:us-east-1:000000000000:task-definition/f:1", "f:0", "aws:x", "x".repeat(300)), fc.string());
  switch (shape.type) {
    case "structure": {
      if (depth > 4) return fc.constant({});
      const members: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) members[name] = arbitraryFor(model, ref.shape, depth + 1);
      return fc.record(members, { requiredKeys: shape.required ?? [] });
    }
    case "list":
      return depth > 4 ? fc.constant([]) : fc.array(arbitraryFor(model, shape.member!.shape, depth + 1), { maxLength: 3 });
    case "map":
      return depth > 4 ? fc.constant({}) : fc.dictionary(fc.string(), arbitraryFor(model, shape.value!.shape, depth + 1), { maxKeys: 2 });
    case "string":
      return shape.enum ? fc.constantFrom(...shape.enum) : text;
    case "integer":
    case "long":
      return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom(0, 1, 10, 100, 2 ** 31, -(2 ** 31)));
    case "boolean":
      return fc.boolean();
    case "double":
    case "float":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    default:
      return fc.string();
  }
}

let dir: string;
let store: SqliteStore;
let dispatch: Dispatcher;
before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "berth-dispatch-"));
  store = new SqliteStore(dir);
  dispatch = createDispatcher({
    services,
    settings: { accountId: "000000000000" },
    store,
    tokens: new PageTokens(Buffer.alloc(32, 1)),
    secretFor: (id) => (id === "test" ? "test" : undefined),
    log: () => {},
  });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const signer = new SignatureV4({ credentials: { accessKeyId: "test", secretAccessKey: "test" }, region: "us-east-1", service: "ecs", sha256: Sha256 });

async function signedEcs(operation: string, body: string): Promise<HttpRequest> {
  const headers = { host: "127.0.0.1:4510", "content-type": "application/x-amz-json-1.1", "x-amz-target": `AmazonEC2ContainerServiceV20141113.${operation}` };
  const signed = await signer.sign({ method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 4510, path: "/", headers, body });
  return { method: "POST", url: "/", headers: signed.headers as Record<string, string>, body: Buffer.from(body) };
}

const implemented = Object.keys(ecsService.handlers);

test("the dispatcher answers without a socket", async () => {
  const res = await dispatch(await signedEcs("ListClusters", "{}"));
  assert.equal(res.status, 200);
  assert.equal(res.body, '{"clusterArns":[]}');
});

test("no signed request to an ECS operation gets a 500", async () => {
  const jsonish = fc.oneof(
    fc.json(),
    fc.dictionary(fc.constantFrom("cluster", "clusters", "family", "taskDefinition", "containerDefinitions", "maxResults", "nextToken", "include", "tags", "resourceArn", "name", "value", "settings", "clusterName", "status", "sort"), fc.jsonValue()).map((o) => JSON.stringify(o)),
    fc.string(),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...implemented), jsonish, async (op, body) => {
      const res = await dispatch(await signedEcs(op, body));
      assert.notEqual(res.status, 500, `${op} ${body} → ${res.body}`);
      assert.ok(res.headers["x-amzn-requestid"]);
      if (res.status !== 200) assert.equal(typeof JSON.parse(res.body).__type, "string");
    }),
    { numRuns: 400 },
  );
});

test("no well-typed request to an ECS operation gets a 500", async () => {
  const model = ecsService.model;
  const cases = fc.constantFrom(...implemented).chain((op) => arbitraryFor(model, model.operations[op]!.input!.shape).map((input) => [op, input] as const));
  await fc.assert(
    fc.asyncProperty(cases, async ([op, input]) => {
      const body = JSON.stringify(input);
      const res = await dispatch(await signedEcs(op, body));
      assert.notEqual(res.status, 500, `${op} ${body} → ${res.body}`);
    }),
    { numRuns: 600 },
  );
});

test("a refusal is answered before the dispatcher returns; a handler's answer after", async () => {
  const answer = createDispatch({
    services,
    settings: { accountId: "000000000000" },
    store,
    tokens: new PageTokens(Buffer.alloc(32, 1)),
    secretFor: (id) => (id === "test" ? "test" : undefined),
    log: () => {},
  });
  const unsigned: HttpRequest = { method: "POST", url: "/", headers: { "x-amz-target": "AmazonEC2ContainerServiceV20141113.ListClusters" }, body: Buffer.from("{}") };
  const got: { refused?: HttpResponse; answered?: HttpResponse } = {};
  answer(unsigned, (r) => (got.refused = r));
  assert.equal(got.refused?.status, 403);
  assert.equal(JSON.parse(got.refused.body).__type, "MissingAuthenticationTokenException");

  const signed = await signedEcs("ListClusters", "{}");
  const done = new Promise<void>((resolve) =>
    answer(signed, (r) => {
      got.answered = r;
      resolve();
    }),
  );
  assert.ok(!("answered" in got), "a handler's answer comes after the dispatcher returns");
  await done;
  assert.equal((got.answered as HttpResponse | undefined)?.status, 200);
});
