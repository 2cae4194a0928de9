/** CloudFormation e2e helpers: clients on the test server, waiting for a stack to settle. */
import { CloudFormationClient, DescribeStacksCommand, type Stack } from "@aws-sdk/client-cloudformation";
import { TEST_CREDENTIALS, type TestServer } from "./harness.js";
import { rawRequest } from "./raw-client.js";

export const cfnClient = (server: TestServer) => new CloudFormationClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });

/** Poll DescribeStacks until the stack's status no longer ends in _IN_PROGRESS (deadline 60 s). */
export async function settled(cfn: CloudFormationClient, stackName: string, deadlineMs = 60_000): Promise<Stack> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const s = Stacks![0]!;
    if (!s.StackStatus!.endsWith("_IN_PROGRESS")) return s;
    if (Date.now() > until) throw new Error(`stack ${stackName} still ${s.StackStatus} at the deadline`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An SSM Parameter Store call (AWS JSON 1.1; there is no SSM SDK client among the test dependencies). */
export async function ssmCall(server: TestServer, action: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await rawRequest(server.url, {
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AmazonSSM.${action}` },
    body: JSON.stringify(body),
    sign: { service: "ssm" },
  });
  return { status: res.status, body: res.json() };
}

/** A parameter's value, or undefined when it does not exist. */
export async function ssmValue(server: TestServer, name: string): Promise<string | undefined> {
  const r = await ssmCall(server, "GetParameter", { Name: name });
  if (r.status !== 200) return undefined;
  return (r.body.Parameter as { Value: string }).Value;
}
