/**
 * The task definitions the bench registers (in berth and in moto, with the same request
 * bodies) before measuring: 50 revisions across three families. `bench-family` is a realistic
 * Fargate service definition: an application container, an Envoy sidecar and a FireLens log
 * router, with environment variables, port mappings, health checks and log configuration.
 */

export const DESCRIBED_FAMILY = "bench-family";

function awslogs(group: string, prefix: string) {
  return {
    logDriver: "awslogs",
    options: {
      "awslogs-group": group,
      "awslogs-region": "us-east-1",
      "awslogs-stream-prefix": prefix,
      "awslogs-create-group": "true",
      mode: "non-blocking",
      "max-buffer-size": "4m",
    },
  };
}

function benchFamily(build: number): Record<string, unknown> {
  return {
    family: DESCRIBED_FAMILY,
    taskRoleArn: "arn:aws:iam::000000000000:role/bench-task-role",
    executionRoleArn: "arn:aws:iam::000000000000:role/ecsTaskExecutionRole",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "1024",
    memory: "2048",
    runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
    containerDefinitions: [
      {
        name: "app",
        image: `000000000000.dkr.ecr.us-east-1.amazonaws.com/shop/api:1.42.${build}`,
        cpu: 768,
        memory: 1536,
        memoryReservation: 1024,
        essential: true,
        portMappings: [
          { containerPort: 8080, hostPort: 8080, protocol: "tcp", name: "http", appProtocol: "http" },
          { containerPort: 9090, hostPort: 9090, protocol: "tcp", name: "metrics" },
        ],
        environment: [
          { name: "NODE_ENV", value: "production" },
          { name: "PORT", value: "8080" },
          { name: "LOG_LEVEL", value: "info" },
          { name: "DATABASE_HOST", value: "shop-db.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com" },
          { name: "DATABASE_NAME", value: "shop" },
          { name: "REDIS_URL", value: "redis://shop-cache.abcdef.0001.use1.cache.amazonaws.com:6379" },
          { name: "FEATURE_FLAGS", value: "checkout-v2,search-suggest,inventory-sync" },
          { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: "http://localhost:4317" },
          { name: "BUILD_NUMBER", value: String(build) },
        ],
        secrets: [
          { name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:000000000000:secret:shop/db-password-AbCdEf" },
          { name: "STRIPE_API_KEY", valueFrom: "arn:aws:ssm:us-east-1:000000000000:parameter/shop/stripe-api-key" },
        ],
        dependsOn: [{ containerName: "envoy", condition: "HEALTHY" }],
        healthCheck: {
          command: ["CMD-SHELL", "curl -fsS http://localhost:8080/healthz || exit 1"],
          interval: 15,
          timeout: 5,
          retries: 3,
          startPeriod: 30,
        },
        ulimits: [{ name: "nofile", softLimit: 65536, hardLimit: 65536 }],
        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
        stopTimeout: 30,
        logConfiguration: {
          logDriver: "awsfirelens",
          options: { Name: "cloudwatch_logs", region: "us-east-1", log_group_name: "/ecs/shop-api", log_stream_prefix: "app/", auto_create_group: "true" },
        },
        dockerLabels: { "com.example.team": "shop", "com.example.service": "api" },
      },
      {
        name: "envoy",
        image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.27.3.0-prod",
        cpu: 192,
        memoryReservation: 256,
        essential: true,
        user: "1337",
        portMappings: [
          { containerPort: 9901, protocol: "tcp" },
          { containerPort: 15000, protocol: "tcp" },
          { containerPort: 15001, protocol: "tcp" },
        ],
        environment: [
          { name: "APPMESH_RESOURCE_ARN", value: "arn:aws:appmesh:us-east-1:000000000000:mesh/shop/virtualNode/api" },
          { name: "ENVOY_LOG_LEVEL", value: "warn" },
          { name: "ENABLE_ENVOY_XRAY_TRACING", value: "0" },
        ],
        healthCheck: {
          command: ["CMD-SHELL", "curl -s http://localhost:9901/server_info | grep state | grep -q LIVE"],
          interval: 5,
          timeout: 2,
          retries: 3,
          startPeriod: 10,
        },
        logConfiguration: awslogs("/ecs/shop-api", "envoy"),
      },
      {
        name: "log-router",
        image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0",
        cpu: 64,
        memoryReservation: 64,
        essential: true,
        firelensConfiguration: { type: "fluentbit", options: { "enable-ecs-log-metadata": "true" } },
        environment: [{ name: "FLB_LOG_LEVEL", value: "info" }],
        logConfiguration: awslogs("/ecs/firelens", "log-router"),
      },
    ],
    volumes: [{ name: "tmp" }],
    tags: [
      { key: "team", value: "shop" },
      { key: "env", value: "bench" },
    ],
  };
}

function small(family: string, build: number, port: number): Record<string, unknown> {
  return {
    family,
    networkMode: "bridge",
    requiresCompatibilities: ["EC2"],
    containerDefinitions: [
      {
        name: family.replace(/^bench-/, ""),
        image: `000000000000.dkr.ecr.us-east-1.amazonaws.com/shop/${family}:${build}`,
        cpu: 256,
        memory: 512,
        essential: true,
        portMappings: [{ containerPort: port, hostPort: 0, protocol: "tcp" }],
        environment: [
          { name: "BUILD_NUMBER", value: String(build) },
          { name: "LOG_LEVEL", value: "info" },
        ],
        logConfiguration: awslogs(`/ecs/${family}`, family),
      },
    ],
  };
}

/** RegisterTaskDefinition inputs, in registration order; bench-family's last one is what DescribeTaskDefinition returns. */
export function taskDefinitionInputs(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 1; i <= 15; i++) out.push(small("bench-web", i, 3000));
  for (let i = 1; i <= 15; i++) out.push(small("bench-worker", i, 5000));
  for (let i = 1; i <= 20; i++) out.push(benchFamily(i));
  return out;
}

export interface Operation {
  name: string;
  /** The request body sent on every request of the run. */
  body: string;
  /** Checks a 200 answer is the expected one (so a wrong fixture never gets measured). */
  check(responseBody: string): string | undefined;
}

export const operations: Operation[] = [
  {
    name: "DescribeTaskDefinition",
    body: JSON.stringify({ taskDefinition: DESCRIBED_FAMILY }),
    check(b) {
      const td = (JSON.parse(b) as { taskDefinition?: { family?: string; containerDefinitions?: unknown[]; revision?: number } }).taskDefinition;
      if (td?.family !== DESCRIBED_FAMILY) return `expected family ${DESCRIBED_FAMILY}, got ${td?.family}`;
      if (td.containerDefinitions?.length !== 3) return `expected 3 containers, got ${td.containerDefinitions?.length}`;
      return undefined;
    },
  },
  {
    name: "ListTaskDefinitions",
    body: "{}",
    check(b) {
      const arns = (JSON.parse(b) as { taskDefinitionArns?: unknown[] }).taskDefinitionArns;
      if (!Array.isArray(arns) || arns.length !== 50) return `expected 50 task definition ARNs, got ${Array.isArray(arns) ? arns.length : "none"}`;
      return undefined;
    },
  },
];
