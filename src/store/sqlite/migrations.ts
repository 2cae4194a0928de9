/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Append new migrations; never edit one that has shipped.
 */
export const migrations: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE clusters (
    region TEXT NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (region, name)
  );
  CREATE TABLE task_definition_families (
    region TEXT NOT NULL, family TEXT NOT NULL, last_revision INTEGER NOT NULL,
    PRIMARY KEY (region, family)
  );
  CREATE TABLE task_definitions (
    region TEXT NOT NULL, family TEXT NOT NULL, revision INTEGER NOT NULL, arn TEXT NOT NULL,
    status TEXT NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (region, family, revision)
  );
  CREATE INDEX task_definitions_by_status ON task_definitions (region, status, family, revision);
  CREATE TABLE tags (
    arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (arn, key)
  );
  CREATE TABLE account_settings (
    region TEXT NOT NULL, principal TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (region, principal, name)
  );
  `,
  // ListTaskDefinitions reads only keys and ARNs: let it come from the index alone.
  `
  DROP INDEX task_definitions_by_status;
  CREATE INDEX task_definitions_by_status ON task_definitions (region, status, family, revision, arn);
  `,
  // Container instances (one per registered agent), looked up by id, by agent name, listed by status.
  `
  CREATE TABLE container_instances (
    region TEXT NOT NULL, cluster TEXT NOT NULL, id TEXT NOT NULL, arn TEXT NOT NULL, ec2_instance_id TEXT NOT NULL,
    agent_name TEXT, status TEXT NOT NULL, registered_at INTEGER NOT NULL, last_heartbeat_at INTEGER, doc TEXT NOT NULL,
    PRIMARY KEY (region, cluster, id)
  );
  CREATE INDEX container_instances_by_agent ON container_instances (region, cluster, agent_name, registered_at);
  CREATE INDEX container_instances_by_status ON container_instances (region, cluster, status, id);
  `,
  // Tasks (RunTask), the per-instance assignment sequence PollTasks waits on, RunTask clientTokens.
  `
  CREATE TABLE tasks (
    region TEXT NOT NULL, cluster TEXT NOT NULL, id TEXT NOT NULL, arn TEXT NOT NULL, container_instance_arn TEXT,
    family TEXT NOT NULL, started_by TEXT, task_group TEXT NOT NULL, desired_status TEXT NOT NULL, last_status TEXT NOT NULL,
    launch_type TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, stopped_at INTEGER, private_ipv4 TEXT,
    doc TEXT NOT NULL,
    PRIMARY KEY (region, cluster, id)
  );
  CREATE INDEX tasks_by_instance ON tasks (container_instance_arn, id);
  CREATE INDEX tasks_by_family ON tasks (region, cluster, family, id);
  CREATE INDEX tasks_by_started_by ON tasks (region, cluster, started_by, id);
  CREATE INDEX tasks_by_last_status ON tasks (region, cluster, last_status);
  CREATE UNIQUE INDEX tasks_by_ipv4 ON tasks (private_ipv4) WHERE private_ipv4 IS NOT NULL AND last_status != 'STOPPED';
  CREATE TABLE instance_sequences (container_instance_arn TEXT PRIMARY KEY, sequence INTEGER NOT NULL);
  CREATE TABLE client_tokens (
    region TEXT NOT NULL, cluster TEXT NOT NULL, token TEXT NOT NULL, request_hash TEXT NOT NULL, response TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (region, cluster, token)
  );
  `,
  // Services (deployments and events live in the doc); a service's tasks are found by their group.
  `
  CREATE TABLE services (
    region TEXT NOT NULL, cluster TEXT NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL, status TEXT NOT NULL,
    scheduling_strategy TEXT NOT NULL, launch_type TEXT, version INTEGER NOT NULL, created_at INTEGER NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (region, cluster, name)
  );
  CREATE INDEX services_by_status ON services (status, region, cluster, name);
  CREATE INDEX tasks_by_group ON tasks (region, cluster, task_group, id);
  `,
  // Elastic Load Balancing v2: load balancers, target groups, listeners, rules (documents by ARN), targets.
  `
  CREATE TABLE elb_load_balancers (seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE, region TEXT NOT NULL, name TEXT NOT NULL, parent_arn TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE UNIQUE INDEX elb_load_balancers_by_name ON elb_load_balancers (region, name);
  CREATE TABLE elb_target_groups (seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE, region TEXT NOT NULL, name TEXT NOT NULL, parent_arn TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE UNIQUE INDEX elb_target_groups_by_name ON elb_target_groups (region, name);
  CREATE TABLE elb_listeners (seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE, region TEXT NOT NULL, name TEXT NOT NULL, parent_arn TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX elb_listeners_by_parent ON elb_listeners (parent_arn, seq);
  CREATE TABLE elb_rules (seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE, region TEXT NOT NULL, name TEXT NOT NULL, parent_arn TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX elb_rules_by_parent ON elb_rules (parent_arn, seq);
  CREATE TABLE elb_targets (
    target_group_arn TEXT NOT NULL, id TEXT NOT NULL, port INTEGER NOT NULL, availability_zone TEXT,
    registered_at INTEGER NOT NULL, drain_until INTEGER,
    health_state TEXT NOT NULL, health_reason TEXT, health_description TEXT,
    PRIMARY KEY (target_group_arn, id, port)
  );
  `,
  // CloudFormation stacks, their resources, events and change sets; SSM Parameter Store.
  `
  CREATE TABLE cfn_stacks (
    region TEXT NOT NULL, stack_id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX cfn_stacks_by_name ON cfn_stacks (region, name, status);
  CREATE TABLE cfn_stack_resources (
    stack_id TEXT NOT NULL, logical_id TEXT NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (stack_id, logical_id)
  );
  CREATE TABLE cfn_stack_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, stack_id TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX cfn_stack_events_by_stack ON cfn_stack_events (stack_id, seq);
  CREATE TABLE cfn_change_sets (
    region TEXT NOT NULL, id TEXT PRIMARY KEY, stack_id TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL
  );
  CREATE INDEX cfn_change_sets_by_stack ON cfn_change_sets (stack_id, name);
  CREATE TABLE ssm_parameters (
    region TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (region, name)
  );
  `,
  // Cloud Map: namespaces (HttpName unique per region), services, instances, operations.
  `
  CREATE TABLE sd_namespaces (
    region TEXT NOT NULL, id TEXT NOT NULL, arn TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
    creator_request_id TEXT, created_at INTEGER NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (region, id)
  );
  CREATE UNIQUE INDEX sd_namespaces_by_name ON sd_namespaces (region, name);
  CREATE TABLE sd_services (
    region TEXT NOT NULL, id TEXT NOT NULL, arn TEXT NOT NULL, namespace_id TEXT NOT NULL, name TEXT NOT NULL,
    creator_request_id TEXT, created_at INTEGER NOT NULL, revision INTEGER NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (region, id)
  );
  CREATE UNIQUE INDEX sd_services_by_name ON sd_services (region, namespace_id, name);
  CREATE TABLE sd_instances (
    region TEXT NOT NULL, service_id TEXT NOT NULL, id TEXT NOT NULL, creator_request_id TEXT, attributes TEXT NOT NULL,
    health TEXT, created_at INTEGER NOT NULL,
    PRIMARY KEY (service_id, id)
  );
  CREATE TABLE sd_operations (
    region TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, targets TEXT NOT NULL,
    creator_request_id TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (region, id)
  );
  CREATE INDEX sd_operations_by_request ON sd_operations (region, creator_request_id);
  `,
];
