import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { canonicalRequestFor, commonCasePrefix, referenceCanonicalRequest, type CanonicalInput } from "./canonical-request.js";

const HASH = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

function input(headers: Record<string, string>, signedHeaders: string[], extra: Partial<CanonicalInput> = {}): CanonicalInput {
  return { method: "POST", path: "/", rawQuery: "", query: {}, headers, signedHeaders, ...extra };
}

test("the common POST / request is built directly, exactly as smithy builds it", () => {
  const i = input(
    {
      "content-type": "application/x-amz-json-1.1",
      host: "127.0.0.1:4510",
      "x-amz-date": "20240101T000000Z",
      "x-amz-target": "AmazonEC2ContainerServiceV20141113.ListClusters",
      "user-agent": "not signed",
    },
    ["content-type", "host", "x-amz-date", "x-amz-target"],
  );
  assert.notEqual(commonCasePrefix(i), undefined);
  assert.equal(canonicalRequestFor(i)(HASH), referenceCanonicalRequest(i)(HASH));
  assert.equal(
    canonicalRequestFor(i)(HASH),
    "POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:127.0.0.1:4510\nx-amz-date:20240101T000000Z\n" +
      `x-amz-target:AmazonEC2ContainerServiceV20141113.ListClusters\n\ncontent-type;host;x-amz-date;x-amz-target\n${HASH}`,
  );
});

test("anything else is left to smithy: a path, a query, unsorted, repeated, missing or folded headers", () => {
  const headers = { host: "h", "x-amz-date": "20240101T000000Z", "x-a": " padded ", "x-b": "a  b", "x-c": "a\tb" };
  const cases: CanonicalInput[] = [
    input(headers, ["host", "x-amz-date"], { path: "/a" }),
    input(headers, ["host", "x-amz-date"], { rawQuery: "a=b", query: { a: "b" } }),
    input(headers, ["x-amz-date", "host"]),
    input(headers, ["host", "host", "x-amz-date"]),
    input(headers, ["host", "x-absent"]),
    input(headers, ["host", "x-a"]),
    input(headers, ["host", "x-b"]),
    input(headers, ["host", "x-c"]),
    input(headers, [":authority", "x-amz-date"]),
    input(headers, []),
  ];
  for (const c of cases) {
    assert.equal(commonCasePrefix(c), undefined, JSON.stringify(c));
    assert.equal(canonicalRequestFor(c)(HASH), referenceCanonicalRequest(c)(HASH));
  }
});

test("property: the direct builder either declines or agrees with smithy", () => {
  const name = fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,12}$/), fc.constantFrom("constructor", "tostring", "__proto__", "hasownproperty"));
  const value = fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^[ -~\t\r\n]{0,20}$/));
  fc.assert(
    fc.property(
      fc.dictionary(name, value, { maxKeys: 6 }),
      fc.array(name, { maxLength: 6 }),
      fc.constantFrom("POST", "GET"),
      fc.constantFrom("/", "/x", "//", "/./"),
      fc.boolean(),
      (headers, extraNames, method, path, sortNames) => {
        let names = [...Object.keys(headers), ...extraNames];
        if (sortNames) names = [...new Set(names)].sort();
        const i = input(headers, names, { method, path });
        const built = canonicalRequestFor(i)(HASH);
        if (names.length > 0) assert.equal(built, referenceCanonicalRequest(i)(HASH));
      },
    ),
    { numRuns: 2000 },
  );
});

test("the remembered prefix is reused only for the same method and signed header values", () => {
  const names = ["content-type", "host", "x-amz-date", "x-amz-target"];
  const base = { "content-type": "application/x-amz-json-1.1", host: "127.0.0.1:4510", "x-amz-date": "20240101T000000Z", "x-amz-target": "A.B" };
  const variants: CanonicalInput[] = [
    input(base, names),
    input({ ...base, "x-amz-date": "20240101T000001Z" }, names),
    input(base, names, { method: "PUT" }),
    input({ ...base, host: "127.0.0.1:4511" }, names),
    input(base, names.slice(1)),
    input({ ...base, "x-amz-target": "A.C", "user-agent": "x" }, names),
    input(base, [...names, "x-absent"]),
    input(base, names),
  ];
  for (const round of [1, 2]) {
    for (const v of variants) {
      assert.equal(canonicalRequestFor(v)(HASH), referenceCanonicalRequest(v)(HASH), `round ${round}: ${JSON.stringify(v)}`);
      assert.equal(canonicalRequestFor(v)(HASH), referenceCanonicalRequest(v)(HASH), `again, round ${round}: ${JSON.stringify(v)}`);
    }
  }
});
