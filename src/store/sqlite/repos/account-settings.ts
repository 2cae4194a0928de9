/** The SQLite AccountSettingRepo. */
import type { AccountSettingRepo, AccountSettingRecord } from "../../store.js";
import { type Query } from "../statements.js";

export function accountSettingsRepo(q: Query): AccountSettingRepo {
  return {
    async get(region, principal, name) {
      return q("SELECT * FROM account_settings WHERE region = ? AND principal = ? AND name = ?").get(region, principal, name) as
        | AccountSettingRecord
        | undefined;
    },
    async put(s) {
      q(
        `INSERT INTO account_settings (region, principal, name, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (region, principal, name) DO UPDATE SET value = excluded.value`,
      ).run(s.region, s.principal, s.name, s.value);
    },
    async delete(region, principal, name) {
      q("DELETE FROM account_settings WHERE region = ? AND principal = ? AND name = ?").run(region, principal, name);
    },
    async list(region, principal) {
      const rows =
        principal === undefined
          ? q("SELECT * FROM account_settings WHERE region = ? ORDER BY name, principal").all(region)
          : q("SELECT * FROM account_settings WHERE region = ? AND principal = ? ORDER BY name").all(region, principal);
      return rows as AccountSettingRecord[];
    },
  };
}
