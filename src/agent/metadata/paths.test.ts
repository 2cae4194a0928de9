import { test } from "node:test";
import assert from "node:assert/strict";
import { ENV_V3, ENV_V4, metadataEnv, newMetadataId, parseEndpoint, parseMetadataPath } from "./paths.js";

test("parses every v4 resource under a container's path, with or without a trailing slash or query", () => {
  const id = newMetadataId();
  assert.match(id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(parseMetadataPath(`/v4/${id}`), { version: 4, id, resource: "container" });
  assert.deepEqual(parseMetadataPath(`/v4/${id}/`), { version: 4, id, resource: "container" });
  assert.deepEqual(parseMetadataPath(`/v4/${id}/task`), { version: 4, id, resource: "task" });
  assert.deepEqual(parseMetadataPath(`/v4/${id}/task/`), { version: 4, id, resource: "task" });
  assert.deepEqual(parseMetadataPath(`/v4/${id}/taskWithTags`), { version: 4, id, resource: "taskWithTags" });
  assert.deepEqual(parseMetadataPath(`/v4/${id}/stats?x=1`), { version: 4, id, resource: "stats" });
  assert.deepEqual(parseMetadataPath(`/v4/${id}/task/stats`), { version: 4, id, resource: "taskStats" });
});

test("v3 has the same resources except taskWithTags; other paths are unknown", () => {
  assert.deepEqual(parseMetadataPath("/v3/abc/task/stats"), { version: 3, id: "abc", resource: "taskStats" });
  assert.equal(parseMetadataPath("/v3/abc/taskWithTags"), undefined);
  for (const p of ["/", "/v4", "/v4/", "/v2/abc", "/v4/abc/nope", "/v4/abc/task/nope", "/v4/a..b/task", "/v4/abc//task"]) {
    assert.equal(parseMetadataPath(p), undefined, p);
  }
});

test("the environment points both variables at the container's own path", () => {
  assert.deepEqual(metadataEnv("172.18.0.1", 41000, "abc"), {
    [ENV_V4]: "http://172.18.0.1:41000/v4/abc",
    [ENV_V3]: "http://172.18.0.1:41000/v3/abc",
  });
});

test("the endpoint label parses back to host and port; anything else is ignored", () => {
  assert.deepEqual(parseEndpoint("172.18.0.1:41000"), { host: "172.18.0.1", port: 41000 });
  for (const v of [undefined, "", "172.18.0.1", "host:80", "1.2.3.4:0", "1.2.3.4:70000"]) assert.equal(parseEndpoint(v), undefined, String(v));
});
