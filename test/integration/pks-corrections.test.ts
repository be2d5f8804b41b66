// Undo and correct a contract (issue 16): a draft PKS's dates and terms are corrected (clauses nobody edited follow),
// a PKS made by mistake is cancelled with a reason and its SPK's sites are free again — for another contract or for
// cancelling the SPK itself. Refusals leave the contract as it was.
import { inYear, thisYear } from '../support/calendar';
import { activatePks, draftPks as draftPksOf, signedSpk as signedSpkOf } from '../support/contracts';
import { Stack } from '../support/stack';
import { until } from '../support/until';

let stack: Stack;
let sales: string;
let crm: string;

beforeAll(async () => {
  stack = await Stack.start();
  sales = (await stack.tokenFor('sales')).token;
  crm = (await stack.tokenFor('crm_manager')).token;
});

afterAll(() => stack?.stop());

async function availableSiteIds(leadId: number): Promise<number[]> {
  const sites = await stack.request('GET', `/api/pks/available-sites?leadId=${leadId}`, { token: crm });
  return sites.body.data.map((s: { spkSiteId: number }) => s.spkSiteId);
}

const signedSpk = () => signedSpkOf(stack, sales, crm);
const draftPks = (leadId: number, spkSiteIds: number[]) => draftPksOf(stack, crm, leadId, spkSiteIds);

const view = async (pksId: number) => (await stack.request('GET', `/api/pks/${pksId}`, { token: crm })).body;
const clause = (pks: { clauses: Array<{ section: string; text: string }> }, section: string) =>
  pks.clauses.find((c) => c.section === section)!.text;
// The draft PKS runs through next year; corrections move its end into the year after.
const Y = thisYear();
const yy = (offset: number) => String((Y + offset) % 100).padStart(2, '0');

const spkStatus = async (spkId: number) =>
  (await stack.request('GET', `/api/spk/${spkId}`, { token: crm })).body.status;

describe('correcting a draft PKS', () => {
  it('changes only the fields sent, and the clauses and project names follow them', async () => {
    const { leadId, spkSiteIds } = await signedSpk();
    const pks = await draftPks(leadId, spkSiteIds);
    const before = await view(pks.id);
    expect(clause(before, 'Pasal 7')).toContain(`31 Desember ${Y + 1}`);

    const corrected = await stack.request('PATCH', `/api/pks/${pks.id}`, {
      token: crm,
      body: { contractEnd: inYear(2, '06-30'), pksDate: inYear(0, '11-30') },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({
      version: 2,
      contractStart: inYear(1, '01-01'),
      contractEnd: inYear(2, '06-30'),
      pksDate: inYear(0, '11-30'),
    });
    const after = await view(pks.id);
    expect(clause(after, 'Pasal 7')).toContain(`1 Januari ${Y + 1} sampai dengan 30 Juni ${Y + 2}`);
    expect(clause(after, 'Pembukaan')).toContain(`30 November ${Y}`);
    expect(after.sites.map((s: { projectName: string }) => s.projectName.slice(0, 9))).toEqual([
      `01${yy(1)}-06${yy(2)}`,
      `01${yy(1)}-06${yy(2)}`,
    ]);

    // A clause written by hand stays as written when the terms change again.
    const position = after.clauses.find((c: { section: string }) => c.section === 'Pasal 7').position;
    const edited = await stack.request('PUT', `/api/pks/${pks.id}/clauses/${position}`, {
      token: crm,
      body: { title: 'Jangka Waktu', text: 'Berlaku delapan belas bulan sejak penandatanganan.' },
    });
    expect(edited.status).toBe(200);
    await stack.request('PATCH', `/api/pks/${pks.id}`, { token: crm, body: { contractEnd: inYear(2, '12-31') } });
    const again = await view(pks.id);
    expect(clause(again, 'Pasal 7')).toBe('Berlaku delapan belas bulan sejak penandatanganan.');
    expect(again.contractEnd).toBe(inYear(2, '12-31'));

    // The same correction again changes nothing (no new version).
    const version = again.version;
    await stack.request('PATCH', `/api/pks/${pks.id}`, { token: crm, body: { contractEnd: inYear(2, '12-31') } });
    expect((await view(pks.id)).version).toBe(version);
  });

  it('refuses what does not fit, naming the field, and changes nothing', async () => {
    const { leadId, spkSiteIds } = await signedSpk();
    const pks = await draftPks(leadId, spkSiteIds);
    const refusals: Array<[Record<string, unknown>, string[]]> = [
      [{}, ['body']],
      [{ contractEnd: inYear(0, '12-31') }, ['contractEnd']],
      [{ contractStart: inYear(2, '01-01') }, ['contractStart']],
      [{ thrRuleId: 999, hcCategoryId: 999 }, ['thrRuleId', 'hcCategoryId']],
      [{ effectiveDate: inYear(1, '03-01') }, ['effectiveDate']],
      [{ contractEnd: `31-12-${Y + 1}` }, ['contractEnd']],
    ];
    for (const [body, fields] of refusals) {
      const answer = await stack.request('PATCH', `/api/pks/${pks.id}`, { token: crm, body });
      expect([answer.status, answer.body.errors.map((e: { field: string }) => e.field)]).toEqual([422, fields]);
    }
    expect(
      (await stack.request('PATCH', `/api/pks/${pks.id}`, { token: sales, body: { pksDate: inYear(0, '11-27') } }))
        .status,
    ).toBe(403);
    expect(await view(pks.id)).toMatchObject({ version: 1, contractEnd: inYear(1, '12-31'), pksDate: pks.pksDate });

    // Once submitted, the terms are locked.
    await stack.request('POST', `/api/pks/${pks.id}/submit`, { token: crm });
    const locked = await stack.request('PATCH', `/api/pks/${pks.id}`, {
      token: crm,
      body: { pksDate: inYear(0, '11-27') },
    });
    expect(locked.status).toBe(409);
  });
});

describe('cancelling a PKS made by mistake', () => {
  it('releases its SPK, whose sites go into another contract or whose cancellation is then allowed', async () => {
    const { leadId, spkId, spkSiteIds } = await signedSpk();
    const first = await draftPks(leadId, spkSiteIds);
    await until(
      () => spkStatus(spkId),
      (s) => s === 'in_pks',
      'the SPK in the PKS',
    );
    expect(
      (await stack.request('POST', `/api/spk/${spkId}/cancel`, { token: crm, body: { reason: 'wrong customer' } }))
        .status,
    ).toBe(409);
    await stack.request('POST', `/api/pks/${first.id}/submit`, { token: crm });

    const noReason = await stack.request('POST', `/api/pks/${first.id}/cancel`, { token: crm, body: { reason: ' ' } });
    expect([noReason.status, noReason.body.errors[0].field]).toEqual([422, 'reason']);
    const cancelled = await stack.request('POST', `/api/pks/${first.id}/cancel`, {
      token: crm,
      body: { reason: 'made from the wrong SPK sites' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: 'made from the wrong SPK sites' });
    expect(
      (await stack.request('POST', `/api/pks/${first.id}/cancel`, { token: crm, body: { reason: 'x' } })).status,
    ).toBe(409);
    const record = await view(first.id);
    expect(record.sites.every((s: { releasedAt: string | null }) => s.releasedAt !== null)).toBe(true);
    expect(record.approvals.at(-1)).toMatchObject({ event: 'cancelled', note: 'made from the wrong SPK sites' });

    // The SPK is signed again and its sites can make a new contract.
    await until(
      () => spkStatus(spkId),
      (s) => s === 'signed',
      'the SPK released',
    );
    expect(await availableSiteIds(leadId)).toEqual(spkSiteIds);
    const second = await draftPks(leadId, spkSiteIds);
    expect(second.number).not.toBe(first.number);
    await until(
      () => spkStatus(spkId),
      (s) => s === 'in_pks',
      'the SPK in the new PKS',
    );

    // Cancelled in turn, the SPK itself can now be cancelled.
    await stack.request('POST', `/api/pks/${second.id}/cancel`, { token: crm, body: { reason: 'deal lost' } });
    await until(
      () => spkStatus(spkId),
      (s) => s === 'signed',
      'the SPK released again',
    );
    const spkCancelled = await stack.request('POST', `/api/spk/${spkId}/cancel`, {
      token: crm,
      body: { reason: 'deal lost' },
    });
    expect(spkCancelled.body.status).toBe('cancelled');
    await until(
      async () =>
        (await stack.knex('notifications').where({ module: 'pks', document_id: second.id, event: 'cancelled' })).length,
      (n) => n > 0,
      'the cancellation notice',
    );
  });

  it('refuses a contract the customer has signed', async () => {
    const { leadId, spkSiteIds } = await signedSpk();
    const pks = await draftPks(leadId, spkSiteIds);
    await activatePks(stack, pks.id, crm);
    const refused = await stack.request('POST', `/api/pks/${pks.id}/cancel`, { token: crm, body: { reason: 'x' } });
    expect(refused.status).toBe(409);
    expect((await view(pks.id)).status).toBe('active');
  });
});
