import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeQueryInput, parseForm, queryError, querySuccess } from "./aws-query.js";
import type { ServiceModel } from "./model.js";
import { AwsError } from "../errors.js";

const model: ServiceModel = {
  metadata: { apiVersion: "2020-01-01", protocol: "query", endpointPrefix: "x", xmlNamespace: "http://x/doc/" },
  operations: { Op: { name: "Op", input: { shape: "In" }, output: { shape: "Out", resultWrapper: "OpResult" } } },
  shapes: {
    In: { type: "structure", members: { Name: { shape: "S" }, Count: { shape: "I" }, On: { shape: "B" }, Tags: { shape: "TagList" }, Attrs: { shape: "M" } } },
    Out: { type: "structure", members: { Names: { shape: "SL" }, When: { shape: "T" }, Name: { shape: "S" } } },
    TagList: { type: "list", member: { shape: "Tag" } },
    Tag: { type: "structure", members: { Key: { shape: "S" }, Value: { shape: "S" } } },
    SL: { type: "list", member: { shape: "S" } },
    M: { type: "map", key: { shape: "S" }, value: { shape: "S" } },
    S: { type: "string" },
    I: { type: "integer" },
    B: { type: "boolean" },
    T: { type: "timestamp" },
  },
};

test("query input decodes scalars, member lists and entry maps by the model", () => {
  const params = parseForm("Action=Op&Name=a&Count=3&On=true&Tags.member.1.Key=k1&Tags.member.1.Value=v1&Tags.member.2.Key=k2&Attrs.entry.1.key=x&Attrs.entry.1.value=y");
  assert.deepEqual(decodeQueryInput(model, "Op", params), {
    Name: "a",
    Count: 3,
    On: true,
    Tags: [{ Key: "k1", Value: "v1" }, { Key: "k2" }],
    Attrs: { x: "y" },
  });
});

test("a non-numeric integer stays a string so the validator can name it", () => {
  assert.equal(decodeQueryInput(model, "Op", parseForm("Count=abc")).Count, "abc");
});

test("an empty list is sent as the bare name", () => {
  assert.deepEqual(decodeQueryInput(model, "Op", parseForm("Tags=")).Tags, []);
});

test("query output wraps the result, lists in <member>, times in ISO-8601, and escapes text", () => {
  const res = querySuccess(model, "Op", "rid", { Names: ["a", "b"], When: new Date(0), Name: "<&>" });
  assert.equal(res.status, 200);
  assert.match(res.body, /<OpResponse xmlns="http:\/\/x\/doc\/"><OpResult><Names><member>a<\/member><member>b<\/member><\/Names><When>1970-01-01T00:00:00.000Z<\/When><Name>&lt;&amp;&gt;<\/Name><\/OpResult><ResponseMetadata><RequestId>rid<\/RequestId><\/ResponseMetadata><\/OpResponse>/);
});

test("query errors have Type, Code, Message and RequestId", () => {
  const res = queryError("http://x/doc/", "rid", new AwsError("ValidationError", "bad"));
  assert.equal(res.status, 400);
  assert.match(res.body, /<ErrorResponse xmlns="http:\/\/x\/doc\/"><Error><Type>Sender<\/Type><Code>ValidationError<\/Code><Message>bad<\/Message><\/Error><RequestId>rid<\/RequestId><\/ErrorResponse>/);
  assert.match(queryError("", "r", new AwsError("InternalFailure", "x", 500)).body, /<Type>Receiver<\/Type>/);
});
