/**
 * The embedded SQLite backend (better-sqlite3): one file in the data directory, WAL journal,
 * synchronous=FULL so a commit is on disk before the request is acknowledged. Writes go through
 * one connection, serialized by a queue; reads use a second connection and so see only
 * committed data, never a write transaction that is still open.
 */
import Database from "better-sqlite3";
import type { Database as Db } from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { migrations } from "./migrations.js";
import type { Store, StoreTx } from "../store.js";
import { ReadMemo, memoOf, noMemo, statementCache, type Memo } from "./statements.js";
import { clustersRepo } from "./repos/clusters.js";
import { taskDefinitionsRepo } from "./repos/task-definitions.js";
import { containerInstancesRepo } from "./repos/container-instances.js";
import { tasksRepo } from "./repos/tasks.js";
import { servicesRepo } from "./repos/services.js";
import { tagsRepo } from "./repos/tags.js";
import { accountSettingsRepo } from "./repos/account-settings.js";
import { metaRepo } from "./repos/meta.js";
import { elbv2Repo } from "./repos/elbv2.js";
import { cloudformationRepo } from "./repos/cloudformation.js";
import { ssmParametersRepo } from "./repos/ssm-parameters.js";
import { cloudMapRepo } from "./repos/cloud-map.js";

export const DATABASE_FILE = "berth.sqlite";

function open(file: string): Db {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}

function migrate(db: Db): void {
  const done = db.pragma("user_version", { simple: true }) as number;
  for (let i = done; i < migrations.length; i++) {
    db.transaction(() => {
      db.exec(migrations[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}

/** The repositories over one connection's prepared statements. */
function repositories(db: Db, memo: Memo = noMemo): StoreTx {
  const q = statementCache(db);
  return {
    clusters: clustersRepo(q),
    taskDefinitions: taskDefinitionsRepo(q, memo),
    containerInstances: containerInstancesRepo(q),
    tasks: tasksRepo(q),
    services: servicesRepo(q),
    tags: tagsRepo(q),
    accountSettings: accountSettingsRepo(q),
    meta: metaRepo(q),
    elbv2: elbv2Repo(q),
    cloudformation: cloudformationRepo(q),
    ssmParameters: ssmParametersRepo(q),
    cloudMap: cloudMapRepo(q),
  };
}

export class SqliteStore implements Store {
  private readonly writer: Db;
  private readonly reader: Db;
  private readonly writeTx: StoreTx;
  private readonly readTx: StoreTx;
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped after every commit: what the reader's memo of hot reads is valid for. */
  private generation = 0;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, DATABASE_FILE);
    this.writer = open(file);
    migrate(this.writer);
    this.reader = open(file);
    this.writeTx = repositories(this.writer);
    this.readTx = repositories(this.reader, memoOf(new ReadMemo(() => this.generation)));
  }

  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return fn(this.readTx);
  }

  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.writer.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(this.writeTx);
        try {
          this.writer.exec("COMMIT");
        } finally {
          this.generation++;
        }
        return result;
      } catch (err) {
        if (this.writer.inTransaction) this.writer.exec("ROLLBACK");
        throw err;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.queue;
    this.reader.close();
    this.writer.close();
  }
}
