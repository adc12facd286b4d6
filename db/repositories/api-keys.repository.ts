import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { apiKeys } from '../schema';

export type Principal = { kind: 'operator' } | { kind: 'customer'; customerId: string };

export async function saveApiKey(
  db: Database,
  key: { id: string; hash: string; principal: Principal },
): Promise<void> {
  await db.insert(apiKeys).values({
    id: key.id,
    hash: key.hash,
    kind: key.principal.kind,
    customerId: key.principal.kind === 'customer' ? key.principal.customerId : null,
  });
}

export async function loadPrincipalByHash(db: Database, hash: string): Promise<Principal | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.hash, hash));
  if (!row) return null;
  if (row.kind === 'operator') return { kind: 'operator' };
  // A customer key always names its customer; one that does not reaches nothing.
  return row.customerId === null ? null : { kind: 'customer', customerId: row.customerId };
}
