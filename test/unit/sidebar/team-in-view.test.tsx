// @vitest-environment jsdom
// The side panel names the shard of the contact it shows to the sync host while a team is joined (issue 17: that shard
// then stays loaded, and a colleague's edit after a quiet spell needs no shard load on either side).
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { teamConfigItem } from '../../../lib/team/config';
import { shardName } from '../../../lib/team/documents';
import { followInView } from '../../../lib/team/in-view';
import { useTeamInView } from '../../../entrypoints/sidebar/use-team';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await teamConfigItem.removeValue();
});

function Shown({ email }: { email: string | undefined }) {
  useTeamInView(email);
  return null;
}

/** Lets storage reads, effects and channel messages run (a few macrotasks; nothing is timed). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

function heard(): string[] {
  const docs: string[] = [];
  stops.push(followInView((doc) => docs.push(doc)));
  return docs;
}

function mount(email: string | undefined): { root: Root; show: (email: string | undefined) => void } {
  const root = createRoot(document.createElement('div'));
  stops.push(() => root.unmount());
  root.render(createElement(Shown, { email }));
  return { root, show: (next) => root.render(createElement(Shown, { email: next })) };
}

describe('the side panel’s contact in view', () => {
  it('is named to the sync host while a team is joined: the shown contact’s shard, then the next one’s, none after unmount', async () => {
    await teamConfigItem.setValue({ serverUrl: 'ws://127.0.0.1:1', token: 't', teamId: 'team', memberName: 'Ann', joinedAt: 1 });
    const docs = heard();
    const { root, show } = mount('Dana.Lee@Acme-Corp.com');
    await settle();
    expect(docs).toEqual([shardName('dana.lee@acme-corp.com')]);
    const other = ['kim@acme.example', 'lee@b.example', 'ana@c.example'].find((e) => shardName(e) !== docs[0])!;
    show(other);
    await settle();
    expect(docs).toEqual([shardName('dana.lee@acme-corp.com'), shardName(other)]);
    root.unmount();
    await settle();
    expect(docs).toHaveLength(2);
  });

  it('names nothing without a team', async () => {
    const docs = heard();
    mount('dana.lee@acme-corp.com');
    await settle();
    expect(docs).toEqual([]);
  });
});
