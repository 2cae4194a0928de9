import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTemplate, parseTemplateText } from "./parse.js";

test("YAML short-form tags become their long form", () => {
  const doc = parseTemplateText(`
a: !Ref X
b: !Sub "\${AWS::Region}-x"
c: !GetAtt Res.Arn
d: !Join [",", [!Ref A, !ImportValue shared]]
e: !If [Cond, !Select [0, !Split [",", "a,b"]], !Ref "AWS::NoValue"]
f: !Equals [!Ref A, b]
g: !And [!Condition C1, !Or [!Condition C2, !Not [!Condition C3]]]
h: !FindInMap [M, k1, k2]
i: !Base64 text
j: !Cidr [10.0.0.0/16, 2, 8]
k: !GetAZs ""
l: !Sub
  - "\${Name}"
  - Name: !Ref N
`);
  assert.deepEqual(doc, {
    a: { Ref: "X" },
    b: { "Fn::Sub": "${AWS::Region}-x" },
    c: { "Fn::GetAtt": ["Res", "Arn"] },
    d: { "Fn::Join": [",", [{ Ref: "A" }, { "Fn::ImportValue": "shared" }]] },
    e: { "Fn::If": ["Cond", { "Fn::Select": [0, { "Fn::Split": [",", "a,b"] }] }, { Ref: "AWS::NoValue" }] },
    f: { "Fn::Equals": [{ Ref: "A" }, "b"] },
    g: { "Fn::And": [{ Condition: "C1" }, { "Fn::Or": [{ Condition: "C2" }, { "Fn::Not": [{ Condition: "C3" }] }] }] },
    h: { "Fn::FindInMap": ["M", "k1", "k2"] },
    i: { "Fn::Base64": "text" },
    j: { "Fn::Cidr": ["10.0.0.0/16", 2, 8] },
    k: { "Fn::GetAZs": "" },
    l: { "Fn::Sub": ["${Name}", { Name: { Ref: "N" } }] },
  });
});

const errors: [string, string, RegExp][] = [
  ["bad JSON", '{"Resources": ', /^Template format error: JSON not well-formed\. \(line 1, column \d+\)$/],
  ["bad YAML", "Resources:\n  a: [", /^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/],
  ["no resources", "Description: x", /^Template format error: At least one Resources member must be defined\.$/],
  ["unknown section", "Foo: 1\nResources: { A: { Type: AWS::CDK::Metadata } }", /^Template format error: Invalid template property or properties \[Foo\]$/],
  ["resource without Type", "Resources: { A: { Properties: {} } }", /^Template format error: \[\/Resources\/A\] Every Resources object must contain a Type member\.$/],
  ["output without Value", "Resources: { A: { Type: AWS::CDK::Metadata } }\nOutputs: { O: { Description: x } }", /^Template format error: Every Outputs member must contain a Value object, the Outputs member O does not$/],
  ["bad version", "AWSTemplateFormatVersion: 2011-01-01\nResources: { A: { Type: AWS::CDK::Metadata } }", /^Template format error: '2011-01-01' is not a valid template version\.$/],
];

for (const [name, text, message] of errors) {
  test(`template outline error: ${name}`, () => {
    assert.throws(() => parseTemplate(text), (e: Error) => e.name === "ValidationError" && message.test(e.message));
  });
}
