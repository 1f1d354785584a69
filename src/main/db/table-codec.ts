// Prepared statements per synced table for the write path. Drizzle builds SQL text on every call,
// which costs more than the insert itself; an audited write must stay within 2× of a plain insert.
// Values go through each drizzle column's own mapping (JSON columns, booleans), so rows read and
// written here are the same shapes drizzle's queries return.
import type Database from 'better-sqlite3';
import { toSnakeCase } from 'drizzle-orm/casing';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';

interface ColumnCodec {
  key: string;
  sql: string;
  col: SQLiteColumn;
}

export class TableCodec {
  readonly name: string;
  private readonly columns: ColumnCodec[];
  private readonly insertStmt: Database.Statement;
  private readonly selectStmt: Database.Statement;
  private readonly updates = new Map<string, Database.Statement>();
  private readonly selects = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    table: SQLiteTable,
  ) {
    const config = getTableConfig(table);
    this.name = config.name;
    this.columns = config.columns.map((col) => ({ key: col.name, sql: col.keyAsName ? toSnakeCase(col.name) : col.name, col }));
    this.insertStmt = db.prepare(
      `INSERT INTO ${this.name} (${this.columns.map((c) => c.sql).join(', ')}) VALUES (${this.columns.map(() => '?').join(', ')})`,
    );
    this.selectStmt = db.prepare(`SELECT * FROM ${this.name} WHERE id = ?`);
  }

  /** The complete row as stored (defaults filled in), in drizzle's shape. */
  complete(values: Record<string, unknown>): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const { key, col } of this.columns) {
      const v = values[key];
      row[key] = v !== undefined ? v : col.hasDefault && col.default !== undefined ? col.default : null;
    }
    return row;
  }

  insert(row: Record<string, unknown>): void {
    this.insertStmt.run(this.columns.map(({ key, col }) => toDriver(col, row[key])));
  }

  get(id: string): Record<string, unknown> | undefined {
    const raw = this.selectStmt.get(id) as Record<string, unknown> | undefined;
    return raw ? this.fromDriver(raw) : undefined;
  }

  /**
   * Rows matching a fixed SQL condition (written by the caller, never from user input) with bound
   * arguments; the statement is prepared once per condition.
   */
  select(whereAndOrder: string, ...args: unknown[]): Array<Record<string, unknown>> {
    let stmt = this.selects.get(whereAndOrder);
    if (!stmt) this.selects.set(whereAndOrder, (stmt = this.db.prepare(`SELECT * FROM ${this.name} WHERE ${whereAndOrder}`)));
    return (stmt.all(...args) as Array<Record<string, unknown>>).map((r) => this.fromDriver(r));
  }

  private fromDriver(raw: Record<string, unknown>): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const { key, sql, col } of this.columns) {
      const v = raw[sql];
      row[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
    }
    return row;
  }

  /** UPDATE … SET the given fields WHERE id = ?; returns the number of rows changed. */
  update(id: string, fields: Record<string, unknown>): number {
    const keys = Object.keys(fields);
    const sig = keys.join(',');
    let stmt = this.updates.get(sig);
    if (!stmt) {
      const set = keys.map((k) => {
        const c = this.columns.find((c) => c.key === k);
        if (!c) throw new Error(`${this.name} has no column ${k}`);
        return `${c.sql} = ?`;
      });
      stmt = this.db.prepare(`UPDATE ${this.name} SET ${set.join(', ')} WHERE id = ?`);
      this.updates.set(sig, stmt);
    }
    const values = keys.map((k) => toDriver(this.columns.find((c) => c.key === k)!.col, fields[k]));
    return stmt.run(...values, id).changes;
  }
}

function toDriver(col: SQLiteColumn, v: unknown): unknown {
  return v === null || v === undefined ? null : col.mapToDriverValue(v);
}
