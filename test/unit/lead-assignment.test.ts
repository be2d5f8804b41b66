import {
  assignmentChanges,
  mainSalesAfter,
  planNewLeadLines,
  unknownAssignedLines,
} from '../../src/domain/lead-assignment';

describe('service lines of a new lead', () => {
  it('gives a selling creator every line and makes them the main salesperson', () => {
    expect(
      planNewLeadLines({ userId: 7, roleCode: 'sales' }, [1, 3, 3], [{ salesUserId: 9, serviceLineIds: [1] }]),
    ).toEqual({
      lines: [
        { serviceLineId: 1, salesUserId: 7 },
        { serviceLineId: 3, salesUserId: 7 },
      ],
      mainSalesUserId: 7,
    });
  });

  it('applies an assigning creator’s assignments; the first one names the main salesperson', () => {
    const plan = planNewLeadLines(
      { userId: 1, roleCode: 'telesales' },
      [1, 2, 3],
      [
        { salesUserId: 9, serviceLineIds: [2] },
        { salesUserId: 8, serviceLineIds: [1] },
      ],
    );
    expect(plan).toEqual({
      lines: [
        { serviceLineId: 1, salesUserId: 8 },
        { serviceLineId: 2, salesUserId: 9 },
        { serviceLineId: 3, salesUserId: null },
      ],
      mainSalesUserId: 9,
    });
  });

  it('leaves lines unassigned for other roles, even with assignments', () => {
    expect(
      planNewLeadLines({ userId: 1, roleCode: 'crm_officer' }, [4], [{ salesUserId: 9, serviceLineIds: [4] }]),
    ).toEqual({
      lines: [{ serviceLineId: 4, salesUserId: null }],
      mainSalesUserId: null,
    });
  });
});

it('finds assignments to lines the lead does not have', () => {
  expect(
    unknownAssignedLines(
      [
        { salesUserId: 1, serviceLineIds: [1, 2] },
        { salesUserId: 2, serviceLineIds: [4] },
      ],
      [1, 2],
    ),
  ).toEqual([{ index: 1, serviceLineId: 4 }]);
});

it('keeps the main salesperson while assigned, else takes the first assigned', () => {
  expect(
    mainSalesAfter(5, [
      { serviceLineId: 1, salesUserId: 6 },
      { serviceLineId: 2, salesUserId: 5 },
    ]),
  ).toBe(5);
  expect(
    mainSalesAfter(5, [
      { serviceLineId: 1, salesUserId: null },
      { serviceLineId: 2, salesUserId: 6 },
    ]),
  ).toBe(6);
  expect(mainSalesAfter(5, [{ serviceLineId: 1, salesUserId: null }])).toBeNull();
});

describe('assignmentChanges', () => {
  it('tells who gained and who lost which lines', () => {
    const before = [
      { serviceLineId: 1, salesUserId: 10 },
      { serviceLineId: 2, salesUserId: null },
      { serviceLineId: 3, salesUserId: 11 },
    ];
    const after = [
      { serviceLineId: 1, salesUserId: 12 },
      { serviceLineId: 2, salesUserId: 12 },
      { serviceLineId: 3, salesUserId: 11 },
    ];
    const { gained, lost } = assignmentChanges(before, after);
    expect([...gained]).toEqual([[12, [1, 2]]]);
    expect([...lost]).toEqual([[10, [1]]]);
    // A new lead: everything assigned is gained, nothing lost.
    expect([...assignmentChanges([], before).gained]).toEqual([
      [10, [1]],
      [11, [3]],
    ]);
    expect(assignmentChanges(before, before).gained.size).toBe(0);
  });
});
