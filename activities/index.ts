// All activities the worker registers, built from injected dependencies.
import type { Knex } from 'knex';
import type { PricingDefaults } from '../src/domain/quotation/pricing-input';
import { createComplaintActivities } from './complaints';
import { createFulfilmentActivities } from './fulfilment';
import { createMailActivities, type MailDeps } from './mail';
import { createApprovalActivities } from './quotation-approvals';
import { createQuotationActivities } from './quotations';
import { createRevenueActivities } from './revenue';
import { createNoticeDeliveryActivities } from './notice-deliveries';
import { createNoticeOutboxActivities } from './notice-outbox';
import { createPksActivities } from './pks';
import { createSignalActivities } from './signals';
import { createSpkActivities } from './spk';
import { createWageCampaignActivities } from './wage-campaign';

export interface ActivityDeps extends MailDeps {
  knex: Knex;
  pricing: PricingDefaults; // the company's working days and pricing policy
  quotationValidityDays: number;
  fulfilmentDueDays: number;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createQuotationActivities(deps),
    ...createMailActivities(deps),
    ...createApprovalActivities(deps),
    ...createSpkActivities(deps),
    ...createPksActivities(deps),
    ...createRevenueActivities(deps),
    ...createComplaintActivities(deps),
    ...createFulfilmentActivities(deps),
    ...createNoticeDeliveryActivities(deps),
    ...createNoticeOutboxActivities(deps),
    ...createSignalActivities(deps),
    ...createWageCampaignActivities(deps),
  };
}
