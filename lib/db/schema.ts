import Dexie, { type EntityTable } from 'dexie';
import type { Activity, Company, Contact, Tag } from './types';
import type { Template } from '../templates/schema';

/** Dexie stores of every schema version, oldest first. Never edit a version once released: add one. */
export const SCHEMA_VERSIONS: Record<number, Record<string, string>> = {
  1: {
    contacts: '++id, &email, companyId, *tags, stage, owner, name, updatedAt, lastInboundAt',
    companies: '++id, &domain, name',
    tags: '++id, &key',
    activities: '++id, &messageId, *contactIds, threadId, kind, at',
  },
  2: {
    templates: '++id, name, shortcut, usageCount',
  },
};

export const DB_NAME = 'kizuna';
export const LATEST_VERSION = Math.max(...Object.keys(SCHEMA_VERSIONS).map(Number));

export type KizunaDb = Dexie & {
  contacts: EntityTable<Contact, 'id'>;
  companies: EntityTable<Company, 'id'>;
  tags: EntityTable<Tag, 'id'>;
  activities: EntityTable<Activity, 'id'>;
  templates: EntityTable<Template & { id: number }, 'id'>;
};

/** Opens (lazily) the Kizuna database with every schema version and its upgrades declared. */
export function createDb(name = DB_NAME): KizunaDb {
  const db = new Dexie(name) as KizunaDb;
  for (const [version, stores] of Object.entries(SCHEMA_VERSIONS)) {
    db.version(Number(version)).stores(stores);
  }
  return db;
}
