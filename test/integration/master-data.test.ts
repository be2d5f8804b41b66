// Master data over HTTP: catalogue CRUD (search, filter, sort, pages, soft delete, audit), bad input naming
// the field, write permissions, effective-dated minimum wages and statutory rates, and the option lists.
import { addDays, thisYear } from '../support/calendar';
import { Stack } from '../support/stack';

let stack: Stack;
let admin: string;
let sales: string;
let gsu: number;

beforeAll(async () => {
  stack = await Stack.start();
  admin = (await stack.tokenFor('superadmin')).token;
  sales = (await stack.tokenFor('sales')).token;
  gsu = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
});

afterAll(() => stack?.stop());

const position = (name: string) => ({ name, description: `${name} on site`, entityId: gsu, serviceLineId: 1 });

describe('catalogue resources', () => {
  it('create, read, search, filter, sort, page, update and soft-delete positions, keeping an audit trail', async () => {
    const names = ['Security Guard', 'Security Chief', 'Danru', 'Receptionist Guard'];
    const ids: number[] = [];
    for (const name of names) {
      const created = await stack.request('POST', '/api/master/positions', { token: admin, body: position(name) });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name, entityId: gsu, serviceLineId: 1, isActive: true });
      ids.push(created.body.id);
    }
    const search = await stack.request('GET', '/api/master/positions?q=guard&sort=name', { token: admin });
    expect(search.body.data.map((p: { name: string }) => p.name)).toEqual(['Receptionist Guard', 'Security Guard']);
    const paged = await stack.request('GET', '/api/master/positions?sort=-name&pageSize=3&page=2', { token: admin });
    expect(paged.body.pagination).toEqual({ page: 2, pageSize: 3, total: 4, pages: 2 });
    expect(paged.body.data.map((p: { name: string }) => p.name)).toEqual(['Danru']);
    const filtered = await stack.request('GET', `/api/master/positions?entityId=${gsu}&serviceLineId=2`, {
      token: admin,
    });
    expect(filtered.body.data).toEqual([]);

    const requirement = await stack.request('POST', '/api/master/position-requirements', {
      token: admin,
      body: { positionId: ids[0], requirement: 'Gada Pratama certificate' },
    });
    expect(requirement.status).toBe(201);

    const changed = await stack.request('PATCH', `/api/master/positions/${ids[0]}`, {
      token: admin,
      body: { description: 'Guards the gate' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Security Guard', description: 'Guards the gate' });

    expect((await stack.request('DELETE', `/api/master/positions/${ids[0]}`, { token: admin })).status).toBe(204);
    expect((await stack.request('GET', `/api/master/positions/${ids[0]}`, { token: admin })).status).toBe(404);
    const row = await stack.knex('positions').where({ id: ids[0] }).first();
    expect(row).toMatchObject({ is_active: false });
    expect(row.deleted_at).not.toBeNull();
    expect(
      (await stack.knex('position_requirements').where({ id: requirement.body.id }).first()).deleted_at,
    ).not.toBeNull();
    // The name of a deleted position may be used again.
    expect(
      (await stack.request('POST', '/api/master/positions', { token: admin, body: position('Security Guard') })).status,
    ).toBe(201);

    const trail = await stack
      .knex('audit_log')
      .where({ table_name: 'positions', row_key: String(ids[0]) })
      .orderBy('id')
      .pluck('action');
    expect(trail).toEqual(['create', 'update', 'delete']);
  });

  it('rejects bad input naming each field, and unknown references, leaving nothing written', async () => {
    const before = await stack.knex('positions').count({ n: '*' });
    const missing = await stack.request('POST', '/api/master/positions', { token: admin, body: {} });
    expect(missing.status).toBe(422);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'description',
      'entityId',
      'name',
      'serviceLineId',
    ]);
    const types = await stack.request('POST', '/api/master/positions', {
      token: admin,
      body: { ...position('X'), entityId: 'abc', isActive: 'maybe' },
    });
    expect(types.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['entityId', 'isActive']);
    const unknown = await stack.request('POST', '/api/master/positions', {
      token: admin,
      body: { ...position('Y'), entityId: 999999 },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'entityId', message: 'entityId 999999 does not exist' }]);
    expect(await stack.knex('positions').count({ n: '*' })).toEqual(before);

    const emptyPatch = await stack.request('PATCH', '/api/master/payment-terms/1', { token: admin, body: {} });
    expect(emptyPatch.status).toBe(422);
    const badPercent = await stack.request('POST', '/api/master/payment-terms', {
      token: admin,
      body: { name: 'TOP 30', percentage: 120 },
    });
    expect(badPercent.body.errors[0].field).toBe('percentage');
    const badSort = await stack.request('GET', '/api/master/positions?sort=password', { token: admin });
    expect(badSort.status).toBe(422);
    expect(badSort.body.errors[0].field).toBe('sort');
  });

  it('sets up a branch with its province and city, which a salesperson then creates a lead in', async () => {
    const created = await stack.request('POST', '/api/master/branches', {
      token: admin,
      body: { name: 'Cabang Bekasi', provinceCode: '32', cityCode: '32.75' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/master/branches/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'Cabang Bekasi',
      provinceCode: '32',
      cityCode: '32.75',
      isActive: true,
    });
    const elsewhere = await stack.request('POST', '/api/master/branches', {
      token: admin,
      body: { name: 'Cabang Salah', provinceCode: '31', cityCode: '32.75' },
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors).toEqual([expect.objectContaining({ field: 'cityCode' })]);
    const unknown = await stack.request('POST', '/api/master/branches', {
      token: admin,
      body: { name: 'Cabang Entah', provinceCode: '99', cityCode: '99.01' },
    });
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['provinceCode', 'cityCode']);
    const bySales = await stack.request('POST', '/api/master/branches', {
      token: sales,
      body: { name: 'Cabang Sales', provinceCode: '32', cityCode: '32.75' },
    });
    expect(bySales.status).toBe(403);
    const lead = await stack.createLead(sales, { branchId: created.body.id });
    expect(lead.branchId).toBe(created.body.id);
    // A branch leads belong to stays.
    expect((await stack.request('DELETE', `/api/master/branches/${created.body.id}`, { token: admin })).status).toBe(
      409,
    );
  });

  it('answers 409 naming the field for a duplicate name', async () => {
    expect(
      (await stack.request('POST', '/api/master/management-fees', { token: admin, body: { name: 'Total upah' } }))
        .status,
    ).toBe(201);
    const duplicate = await stack.request('POST', '/api/master/management-fees', {
      token: admin,
      body: { name: 'TOTAL UPAH' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors).toEqual([{ field: 'name', message: 'name already in use' }]);
  });

  it('lets sales read but not write catalogues', async () => {
    expect((await stack.request('GET', '/api/master/items', { token: sales })).status).toBe(200);
    expect(
      (
        await stack.request('POST', '/api/master/items', {
          token: sales,
          body: { name: 'Sepatu PDL', categoryId: 2, price: 250000 },
        })
      ).status,
    ).toBe(403);
    expect((await stack.request('DELETE', '/api/master/salary-rules/1', { token: sales })).status).toBe(403);
    const ops = (await stack.tokenFor('operations')).token;
    expect((await stack.request('GET', '/api/master/items', { token: ops })).status).toBe(403);
  });

  it('computes derived fields: training total minutes and salary-rule texts', async () => {
    const training = await stack.request('POST', '/api/master/trainings', {
      token: admin,
      body: { type: 'Security', name: 'Gada Pratama', lessonHours: 10, minutesPerLesson: 45 },
    });
    expect(training.body.totalMinutes).toBe(450);
    const changed = await stack.request('PATCH', `/api/master/trainings/${training.body.id}`, {
      token: admin,
      body: { lessonHours: 12 },
    });
    expect(changed.body.totalMinutes).toBe(540);
    const rule = await stack.request('GET', '/api/master/salary-rules/1', { token: admin });
    expect(rule.body.texts).toMatchObject({ cutoff: 'Tanggal 21 - 20', invoicePayment: 'Tanggal 5 bulan berikutnya' });
  });

  it('keeps items, categories and prices as numbers', async () => {
    const chemicals = await stack.request('GET', '/api/master/item-categories?group=chemical&pageSize=100', {
      token: admin,
    });
    expect(chemicals.body.data.map((c: { id: number }) => c.id)).toEqual([13, 14, 15, 16, 18, 19]);
    const item = await stack.request('POST', '/api/master/items', {
      token: admin,
      body: { name: 'Floor cleaner 5L', categoryId: 13, price: 87500.5, unit: 'jerigen', usefulLifeMonths: 1 },
    });
    expect(item.body).toMatchObject({ price: 87500.5, defaultQuantity: 0, categoryId: 13 });
    // The whole catalogue by group in one call (the literal path is not taken for an item id).
    const grouped = await stack.request('GET', '/api/master/items/grouped', { token: sales });
    expect(grouped.status).toBe(200);
    expect(Object.keys(grouped.body)).toEqual(['kaporlap', 'device', 'chemical', 'ohc']);
    expect(grouped.body.chemical).toContainEqual(
      expect.objectContaining({ id: item.body.id, name: 'Floor cleaner 5L', price: 87500.5, categoryId: 13 }),
    );
    expect(grouped.body.kaporlap.map((i: { id: number }) => i.id)).not.toContain(item.body.id);
  });
});

describe('minimum wages and statutory rates', () => {
  it('serves the wage in force on a date, with UMK before UMP', async () => {
    const surabaya = await stack.request('GET', '/api/master/minimum-wages/applicable?cityCode=35.78&date=2025-11-15', {
      token: sales,
    });
    expect(surabaya.body).toMatchObject({
      kind: 'umk',
      cityName: 'Kota Surabaya',
      amount: 5032635,
      validFrom: '2025-11-01',
    });
    // Jakarta sets only a UMP.
    const jakarta = await stack.request('GET', '/api/master/minimum-wages/applicable?cityCode=31.71&date=2026-03-01', {
      token: sales,
    });
    expect(jakarta.body).toMatchObject({ kind: 'ump', provinceCode: '31', validFrom: '2026-01-01' });
    const before = await stack.request('GET', '/api/master/minimum-wages/applicable?cityCode=31.71&date=2020-01-01', {
      token: sales,
    });
    expect(before.status).toBe(404);
    const list = await stack.request(
      'GET',
      '/api/master/minimum-wages?kind=umk&provinceCode=35&asOf=2025-06-01&pageSize=100',
      { token: admin },
    );
    expect(list.body.data.find((w: { cityCode: string }) => w.cityCode === '35.78').validFrom).toBe('2025-01-01');
  });

  it('appends a new decree, closing the previous period, and refuses back-dating or a city outside the province', async () => {
    const body = {
      kind: 'umk',
      provinceCode: '32',
      cityCode: '32.75',
      amount: 6000000,
      validFrom: '2027-01-01',
      source: 'https://example.org/kepgub-2027',
    };
    const created = await stack.request('POST', '/api/master/minimum-wages', { token: admin, body });
    expect(created.status).toBe(201);
    const history = await stack.request('GET', '/api/master/minimum-wages/history?cityCode=32.75', { token: admin });
    expect(history.body.data[0]).toMatchObject({ amount: 6000000, validFrom: '2027-01-01', validTo: null });
    expect(history.body.data[1]).toMatchObject({ validFrom: '2026-01-01', validTo: '2026-12-31' });

    const backdated = await stack.request('POST', '/api/master/minimum-wages', {
      token: admin,
      body: { ...body, validFrom: '2026-06-01' },
    });
    expect(backdated.status).toBe(409);
    expect(backdated.body.errors[0].field).toBe('validFrom');
    const elsewhere = await stack.request('POST', '/api/master/minimum-wages', {
      token: admin,
      body: { ...body, provinceCode: '31', validFrom: '2028-01-01' },
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors[0].field).toBe('cityCode');
    const umpWithCity = await stack.request('POST', '/api/master/minimum-wages', {
      token: admin,
      body: { ...body, kind: 'ump' },
    });
    expect(umpWithCity.body.errors[0].field).toBe('cityCode');
    expect(
      (
        await stack.request('POST', '/api/master/minimum-wages', {
          token: sales,
          body: { ...body, validFrom: '2028-01-01' },
        })
      ).status,
    ).toBe(403);
    expect(await stack.knex('minimum_wages').where({ city_code: '32.75' }).count({ n: '*' })).toEqual([{ n: '3' }]);
  });

  it('keeps sectoral wages (UMSP/UMSK) per region and sector, apart from the wage that binds a workplace', async () => {
    const post = (body: object) => stack.request('POST', '/api/master/minimum-wages', { token: admin, body });
    const umsk = {
      kind: 'umsk',
      provinceCode: '32',
      cityCode: '32.16',
      sector: 'Industri Logam',
      amount: 5900000,
      validFrom: '2026-01-01',
      source: 'https://example.org/umsk-bekasi-2026',
    };
    expect((await post({ ...umsk, sector: undefined })).body.errors[0].field).toBe('sector');
    expect((await post({ ...umsk, kind: 'umk' })).body.errors[0].field).toBe('sector');
    expect((await post({ ...umsk, kind: 'umsp', cityCode: undefined, sector: '' })).body.errors[0].field).toBe(
      'sector',
    );
    expect(await stack.knex('minimum_wages').whereNotNull('sector').count({ n: '*' })).toEqual([{ n: '0' }]);

    expect((await post(umsk)).status).toBe(201);
    expect((await post({ ...umsk, sector: 'Industri Kimia', amount: 5800000 })).status).toBe(201); // another sector, its own period
    expect((await post({ ...umsk, amount: 6100000, validFrom: '2027-01-01' })).status).toBe(201);
    expect((await post({ ...umsk, validFrom: '2026-06-01' })).status).toBe(409);
    const umsp = await post({
      kind: 'umsp',
      provinceCode: '32',
      sector: 'Pertambangan',
      amount: 4100000,
      validFrom: '2026-01-01',
      source: 'https://example.org/umsp-jabar-2026',
    });
    expect(umsp.body).toMatchObject({ kind: 'umsp', sector: 'Pertambangan', cityCode: null });

    const history = await stack.request(
      'GET',
      '/api/master/minimum-wages/history?cityCode=32.16&sector=Industri%20Logam',
      { token: admin },
    );
    expect(history.body.data.map((w: { amount: number; validTo: string | null }) => [w.amount, w.validTo])).toEqual([
      [6100000, null],
      [5900000, '2026-12-31'],
    ]);
    const inForce = await stack.request('GET', '/api/master/minimum-wages?kind=umsk&cityCode=32.16&asOf=2026-03-01', {
      token: admin,
    });
    expect(inForce.body.data.map((w: { sector: string; amount: number }) => [w.sector, w.amount])).toEqual([
      ['Industri Kimia', 5800000],
      ['Industri Logam', 5900000],
    ]);
    // The UMK history of the city and the wage that binds it are untouched.
    expect(
      (
        await stack.request('GET', '/api/master/minimum-wages/history?cityCode=32.16', { token: admin })
      ).body.data.every((w: { kind: string }) => w.kind === 'umk'),
    ).toBe(true);
    expect(
      (
        await stack.request('GET', '/api/master/minimum-wages/applicable?cityCode=32.16&date=2026-03-01', {
          token: sales,
        })
      ).body,
    ).toMatchObject({ kind: 'umk', sector: null });
  });

  it('dates statutory rates', async () => {
    const in2024 = await stack.request('GET', '/api/master/statutory-rates?asOf=2024-06-01&code=ppn', { token: admin });
    expect(in2024.body.data).toEqual([expect.objectContaining({ value: 11, validTo: '2024-12-31' })]);
    const now = await stack.request('GET', '/api/master/statutory-rates', { token: admin });
    expect(now.body.data.find((r: { code: string }) => r.code === 'bpjs_jht_employer').value).toBe(3.7);
    // The seeded 2026 cap from 1 March; January and February keep the 2025 one.
    const capOn = async (asOf: string) =>
      (await stack.request('GET', `/api/master/statutory-rates?asOf=${asOf}&code=bpjs_jp_wage_cap`, { token: admin }))
        .body.data[0];
    expect((await capOn('2026-02-15')).value).toBe(10547400);
    expect(await capOn('2026-03-01')).toMatchObject({ value: 11086300, validTo: null });
    const cap = {
      code: 'bpjs_jp_wage_cap',
      description: 'JP wage ceiling',
      value: 11086300,
      unit: 'idr',
      validFrom: '2026-03-01',
      basis: 'PP 45/2015',
    };
    const again = await stack.request('POST', '/api/master/statutory-rates', { token: admin, body: cap });
    expect([again.status, again.body.errors[0].field]).toEqual([409, 'validFrom']);
    // A later cap (three years ahead, illustrative) closes the 2026 period and keeps its note.
    const later = `${thisYear() + 3}-03-01`;
    const recorded = await stack.request('POST', '/api/master/statutory-rates', {
      token: admin,
      body: { ...cap, value: 12000000, validFrom: later, note: 'letter number not yet published' },
    });
    expect(recorded.body).toMatchObject({ validFrom: later, note: 'letter number not yet published' });
    expect((await capOn('2026-03-01')).validTo).toBe(addDays(later, -1));
    const percent = await stack.request('POST', '/api/master/statutory-rates', {
      token: admin,
      body: { code: 'x', description: 'x', value: 150, unit: 'percent', validFrom: '2026-01-01', basis: 'x' },
    });
    expect(percent.status).toBe(422);
    expect(percent.body.errors[0].field).toBe('value');
  });
});

describe('options', () => {
  it('lists locations by parent and requires the parent for the big lists', async () => {
    const provinces = await stack.request('GET', '/api/options/provinces', { token: sales });
    expect(provinces.body.data).toHaveLength(38);
    const cities = await stack.request('GET', '/api/options/cities?provinceCode=32', { token: sales });
    expect(cities.body.data.map((c: { name: string }) => c.name)).toContain('Kota Bekasi');
    const noParent = await stack.request('GET', '/api/options/villages', { token: sales });
    expect(noParent.status).toBe(422);
    expect(noParent.body.errors[0].field).toBe('districtCode');
    const districts = await stack.request('GET', '/api/options/districts?cityCode=32.75', { token: sales });
    const villages = await stack.request('GET', `/api/options/villages?districtCode=${districts.body.data[0].code}`, {
      token: sales,
    });
    expect(villages.body.data.length).toBeGreaterThan(0);
  });

  it('lists continents and the countries of one, named in Indonesian and English', async () => {
    const continents = await stack.request('GET', '/api/options/continents', { token: sales });
    expect(continents.body.data).toHaveLength(7);
    expect(continents.body.data[0]).toEqual({ code: 'AF', name: 'Afrika', nameEn: 'Africa' });
    const all = await stack.request('GET', '/api/options/countries', { token: sales });
    expect(all.body.data.length).toBeGreaterThan(240);
    const asia = await stack.request('GET', '/api/options/countries?continentCode=AS', { token: sales });
    expect(asia.body.data).toContainEqual({ code: 'ID', name: 'Indonesia', nameEn: 'Indonesia', continentCode: 'AS' });
    expect(asia.body.data.every((c: { continentCode: string }) => c.continentCode === 'AS')).toBe(true);
    const unknown = await stack.request('GET', '/api/options/countries?continentCode=XX', { token: sales });
    expect([unknown.status, unknown.body.errors[0].field]).toEqual([422, 'continentCode']);
  });

  it('names the lifecycle statuses of quotations, SPKs and contracts, for signed-in users only', async () => {
    const statuses = await stack.request('GET', '/api/options/statuses', { token: sales });
    expect(statuses.body.spk.map((s: { code: string }) => s.code)).toEqual([
      'draft',
      'signed',
      'in_pks',
      'active',
      'cancelled',
    ]);
    expect(statuses.body.pks).toContainEqual({ code: 'awaiting_activation', label: 'Menunggu Aktivasi Manager CRM' });
    expect(statuses.body.quotation[0]).toEqual({ code: 'draft', label: 'Draft' });
    expect((await stack.request('GET', '/api/options/statuses')).status).toBe(401);
  });

  it('offers the entities allowed for a service line', async () => {
    const security = await stack.request('GET', '/api/options/entities?serviceLineId=1', { token: sales });
    expect(security.body.data.map((e: { code: string }) => e.code)).toEqual(['GSU', 'ION', 'SN']);
    const statuses = await stack.request('GET', '/api/options/lead-statuses', { token: sales });
    expect(statuses.body.data[0]).toMatchObject({ id: 1, backgroundColor: expect.any(String) });
    expect((await stack.request('GET', '/api/options/service-lines')).status).toBe(401);
  });
});
