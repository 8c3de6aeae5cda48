// `npm run team-server -- --data DIR [--host H] [--port P] [--redis HOST:PORT] [--postgres URL]` runs a team's server;
// `npm run team-server -- invite|members|remove|rotate --data DIR …` manages its members.
import { parseArgs } from 'node:util';
import { startTeamServer } from '../server/team-server';
import { openPostgresTeamStore } from '../server/postgres-team-store';
import { openTeamStore, ROLES, teamStoreOf, type Member, type Role } from '../server/team-store';

const USAGE = `Usage:
  npm run team-server -- --data DIR [--host 127.0.0.1] [--port 1234] [--redis HOST:PORT] [--postgres postgres://USER:PASSWORD@HOST:5432/DB]
  npm run team-server -- invite --data DIR --name NAME [--role admin|member|viewer] [--days 14]
  npm run team-server -- members --data DIR
  npm run team-server -- remove --data DIR --id N
  npm run team-server -- rotate --data DIR --id N [--days 14]
  A server started with --postgres keeps its members there: give the admin commands the same --postgres URL
  (instead of, or besides, --data).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    redis: { type: 'string' },
    postgres: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    days: { type: 'string' },
    id: { type: 'string' },
    help: { type: 'boolean' },
  },
});

const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};
const line = (m: Member) => `${m.id}\t${m.role}\t${m.name}\t${m.removedAt ? 'removed' : m.firstUsedAt ? 'joined' : `invited, expires ${new Date(m.expiresAt).toISOString()}`}`;

async function main() {
  if (values.help) return console.log(USAGE);
  const command = positionals[0] ?? 'serve';
  if (!values.data && !(command !== 'serve' && values.postgres)) fail("--data is required: the folder that holds the team's database (team.sqlite).");
  const data = values.data ?? '';
  const days = values.days ? Number(values.days) : 14;
  if (!(days > 0)) fail('--days must be a positive number.');
  if (values.postgres !== undefined && !/^postgres(ql)?:\/\//.test(values.postgres)) fail('--postgres must be a connection URL: postgres://USER:PASSWORD@HOST:5432/DATABASE');
  if (command === 'serve') {
    const port = values.port ? Number(values.port) : 1234;
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${values.port} is not a port number.`);
    let redis: { host: string; port: number } | undefined;
    if (values.redis) {
      const [host, p] = values.redis.split(':');
      redis = { host: host || '127.0.0.1', port: Number(p || 6379) };
    }
    const team = await startTeamServer({ dataDir: data, host: values.host, port, redis, postgres: values.postgres });
    const stop = () => void team.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }
  // The members live where the server keeps them: Postgres when it runs with --postgres, else the data folder's file.
  const store = values.postgres ? await openPostgresTeamStore(values.postgres) : teamStoreOf(openTeamStore(data));
  try {
    if (command === 'invite') {
      const role = (values.role ?? 'member') as Role;
      if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}.`);
      if (!values.name) fail('--name is required: who the invitation is for.');
      const { member, token } = await store.invite(values.name!, role, days);
      console.log(`Invitation for ${member.name} (${member.role}, member ${member.id}), valid until ${new Date(member.expiresAt).toISOString()}:\n${token}`);
    } else if (command === 'members') {
      console.log(`Team ${store.teamId}`);
      for (const m of await store.members()) console.log(line(m));
    } else if (command === 'remove' || command === 'rotate') {
      const id = Number(values.id);
      if (!Number.isInteger(id)) fail('--id is required: the member number shown by "members".');
      if (command === 'remove') console.log(line(await store.remove(id)));
      else {
        const { member, token } = await store.rotate(id, days);
        console.log(`New token for ${member.name} (member ${member.id}); the old one is refused from now on:\n${token}`);
      }
    } else fail(`Unknown command "${command}".`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
