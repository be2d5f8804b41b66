import {
  conversion,
  monthlyFunnel,
  quotationConversion,
  telesalesFunnel,
  weekOfMonth,
  weeklyFunnel,
  type FunnelEvents,
} from '../../src/domain/sales-report';

const ALICE = 1;
const BOB = 2;

// Alice: 2 proposals (Kirim Berkas + Email), 3 appointments (2 logged by her, 1 logged by Bob on her line),
// 4 visits (Visit, Online Meeting, Telepon, and the Email again), 1 follow-up; 2 quotations, 1 SPK, 0 PKS.
const events: FunnelEvents = {
  activities: [
    { date: '2026-11-02', type: 'Kirim Berkas', createdBy: ALICE, lineSalesUserId: ALICE },
    { date: '2026-11-03', type: 'Email', createdBy: ALICE, lineSalesUserId: ALICE },
    { date: '2026-11-05', type: 'Appointment', createdBy: ALICE, lineSalesUserId: ALICE },
    { date: '2026-11-09', type: 'Appointment', createdBy: ALICE, lineSalesUserId: BOB },
    { date: '2026-11-15', type: 'Appointment', createdBy: BOB, lineSalesUserId: ALICE },
    { date: '2026-11-16', type: 'Visit', createdBy: ALICE, lineSalesUserId: ALICE },
    { date: '2026-11-22', type: 'Online Meeting', createdBy: ALICE, lineSalesUserId: ALICE },
    { date: '2026-11-30', type: 'Telepon', createdBy: ALICE, lineSalesUserId: ALICE },
    { date: '2026-11-30', type: 'Follow Up', createdBy: ALICE, lineSalesUserId: ALICE },
    { date: '2026-11-30', type: 'Visit', createdBy: BOB, lineSalesUserId: BOB },
  ],
  quotations: [
    { date: '2026-11-16', salesUserId: ALICE },
    { date: '2026-11-29', salesUserId: ALICE },
    { date: '2026-11-29', salesUserId: BOB },
  ],
  spks: [{ date: '2026-11-30', salesUserId: ALICE }],
  pks: [],
};

it('counts each stage of the monthly funnel and its conversion to one decimal', () => {
  expect(monthlyFunnel(ALICE, events)).toEqual({
    proposals: 2,
    appointments: 3,
    visits: 4,
    quotations: 2,
    spk: 1,
    pks: 0,
    followUps: 1,
    placements: 0,
    // 3/2 = 150 %, 4/3 = 133.3 %, 2/4 = 50 %, 1/2 = 50 %, 0/1 = 0 %
    conversion: {
      proposalToAppointment: 150,
      appointmentToVisit: 133.3,
      visitToQuotation: 50,
      quotationToSpk: 50,
      spkToPks: 0,
    },
  });
  // Bob: his own appointment on Alice's line counts for him too, and the one Alice logged on his line.
  expect(monthlyFunnel(BOB, events)).toMatchObject({
    proposals: 0,
    appointments: 2,
    visits: 1,
    quotations: 1,
    spk: 0,
    conversion: { proposalToAppointment: 0, appointmentToVisit: 50 },
  });
});

it('reports 0 % rather than dividing by zero', () => {
  expect(conversion(0, 3)).toBe(0);
  expect(conversion(3, 1)).toBe(33.3);
  expect(conversion(3, 2)).toBe(66.7);
});

it('splits the month into W1 1–7, W2 8–14, W3 15–21 and W4 22 to the end', () => {
  expect(
    [
      '2026-11-01',
      '2026-11-07',
      '2026-11-08',
      '2026-11-14',
      '2026-11-15',
      '2026-11-21',
      '2026-11-22',
      '2026-10-31',
    ].map(weekOfMonth),
  ).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  expect(weeklyFunnel(ALICE, events)).toEqual([
    { week: 1, appointments: 1, visits: 0, quotations: 0, spk: 0, pks: 0 },
    { week: 2, appointments: 1, visits: 0, quotations: 0, spk: 0, pks: 0 },
    // Only Visit activities count as visits in the weekly view (not Online Meeting / Telepon / Email).
    { week: 3, appointments: 1, visits: 1, quotations: 1, spk: 0, pks: 0 },
    { week: 4, appointments: 0, visits: 0, quotations: 1, spk: 1, pks: 0 },
  ]);
});

it('follows the telesales cohort from lead to assignment to appointment', () => {
  const leads = [
    { date: '2026-11-02', createdBy: 7, assigned: true, hasAppointment: true },
    { date: '2026-11-03', createdBy: 7, assigned: true, hasAppointment: false },
    { date: '2026-11-04', createdBy: 7, assigned: false, hasAppointment: false },
    { date: '2026-11-05', createdBy: 8, assigned: true, hasAppointment: true },
  ];
  // 2 of 3 assigned = 66.7 %, 1 of those 2 with an appointment = 50 %.
  expect(telesalesFunnel(7, leads)).toEqual({
    leads: 3,
    assigned: 2,
    appointments: 1,
    conversion: { leadToAssignment: 66.7, assignmentToAppointment: 50 },
  });
  expect(telesalesFunnel(9, leads)).toEqual({
    leads: 0,
    assigned: 0,
    appointments: 0,
    conversion: { leadToAssignment: 0, assignmentToAppointment: 0 },
  });
});

it('rates submitted, approved and converted quotations per salesperson', () => {
  const rows = quotationConversion([
    { salesUserId: BOB, status: 'draft' },
    { salesUserId: ALICE, status: 'converted' },
    { salesUserId: ALICE, status: 'submitted' },
    { salesUserId: ALICE, status: 'approved' },
    { salesUserId: ALICE, status: 'draft' },
    { salesUserId: ALICE, status: 'lost', outcome: 'lost', wasSubmitted: true, wasApproved: true },
    { salesUserId: ALICE, status: 'lost', outcome: 'declined', wasSubmitted: false, wasApproved: false },
  ]);
  // Alice: 6 made, 4 submitted (one since lost), 3 reached approval (approved, converted, the lost one) = 75 %,
  // 1 converted of 6 = 16.7 %; the customer decided on 3 (1 won, 1 lost, 1 declined): win rate 33.3 %.
  expect(rows).toEqual([
    {
      salesUserId: ALICE,
      created: 6,
      submitted: 4,
      approved: 3,
      converted: 1,
      lost: 1,
      declined: 1,
      approvalRate: 75,
      conversionRate: 16.7,
      winRate: 33.3,
    },
    {
      salesUserId: BOB,
      created: 1,
      submitted: 0,
      approved: 0,
      converted: 0,
      lost: 0,
      declined: 0,
      approvalRate: 0,
      conversionRate: 0,
      winRate: 0,
    },
  ]);
});
