/**
 * The agent's side of the agent protocol: signed AWS JSON 1.1 calls to `BerthAgentV1.<Op>`.
 * Signing uses the AWS SDK's SigV4 signer, so an agent on another host needs only the
 * endpoint and an access key.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "./node-sha256.js";
import { AGENT_SIGNING_NAME, AGENT_TARGET_PREFIX } from "./messages.js";
import type {
  GetTaskTagsRequest,
  GetTaskTagsResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  PollTasksRequest,
  PollTasksResponse,
  PutContainerLogsRequest,
  PutContainerLogsResponse,
  RegisterAgentRequest,
  RegisterAgentResponse,
  RegisterManagedCapacityRequest,
  RegisterManagedCapacityResponse,
  SubmitTaskStateRequest,
  SubmitTaskStateResponse,
} from "./messages.js";

export interface AgentCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** An error the control plane answered with (`__type` and `message`). */
export class AgentProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(`${code}: ${message}`);
  }
}

export class AgentClient {
  private readonly signer: SignatureV4;
  private readonly url: URL;

  constructor(endpoint: string, region: string, credentials: AgentCredentials) {
    this.url = new URL(endpoint);
    this.signer = new SignatureV4({ credentials, region, service: AGENT_SIGNING_NAME, sha256: NodeSha256 });
  }

  private async call<O>(operation: string, input: unknown, signal?: AbortSignal): Promise<O> {
    const body = JSON.stringify(input);
    const headers = {
      host: this.url.host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `${AGENT_TARGET_PREFIX}.${operation}`,
    };
    const signed = await this.signer.sign({
      method: "POST",
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port ? Number(this.url.port) : undefined,
      path: "/",
      headers,
      body,
    });
    const sent: Record<string, string> = { ...(signed.headers as Record<string, string>) };
    delete sent.host;
    const res = await fetch(new URL("/", this.url), { method: "POST", headers: sent, body, signal });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) throw new AgentProtocolError(String(parsed.__type ?? res.status), String(parsed.message ?? text), res.status);
    return parsed as O;
  }

  registerAgent(input: RegisterAgentRequest): Promise<RegisterAgentResponse> {
    return this.call("RegisterAgent", input);
  }

  heartbeat(input: HeartbeatRequest): Promise<HeartbeatResponse> {
    return this.call("Heartbeat", input);
  }

  /** A long poll: pass a signal to abandon it when the agent stops. */
  pollTasks(input: PollTasksRequest, signal?: AbortSignal): Promise<PollTasksResponse> {
    return this.call("PollTasks", input, signal);
  }

  submitTaskState(input: SubmitTaskStateRequest): Promise<SubmitTaskStateResponse> {
    return this.call("SubmitTaskState", input);
  }

  getTaskTags(input: GetTaskTagsRequest): Promise<GetTaskTagsResponse> {
    return this.call("GetTaskTags", input);
  }

  registerManagedCapacity(input: RegisterManagedCapacityRequest): Promise<RegisterManagedCapacityResponse> {
    return this.call("RegisterManagedCapacity", input);
  }

  putContainerLogs(input: PutContainerLogsRequest): Promise<PutContainerLogsResponse> {
    return this.call("PutContainerLogs", input);
  }
}
