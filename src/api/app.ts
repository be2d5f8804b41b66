// The Koa application: cross-cutting middleware, the routes, OpenAPI and the interactive docs.
import bodyParser from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from '../logger';
import { authenticate } from './authenticate';
import { apiDocs } from './docs';
import type { ApiDeps, ApiState } from './context';
import { httpMetrics } from './metrics';
import { problemErrors } from './middleware/problem-errors';
import { securityHeaders } from './middleware/security-headers';
import { requestContext } from './middleware/request-context';
import { buildOpenApi } from './openapi';
import { allowedMethods, mount, type RouteSpec } from './route';
import { documentTemplateRoutes } from './routes/document-templates';
import { itemRoutes } from './routes/items';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { companyGroupRoutes } from './routes/company-groups';
import { customerActivityRoutes } from './routes/customer-activities';
import { customerRoutes } from './routes/customers';
import { approvalPolicyRoutes } from './routes/approval-policies';
import { goLiveRoutes } from './routes/go-live';
import { menuRoutes } from './routes/menus';
import { wageCampaignRoutes } from './routes/wage-campaigns';
import { pipelineRoutes } from './routes/pipeline';
import { siteRoutes } from './routes/sites';
import { emailRoutes } from './routes/email';
import { fileRoutes } from './routes/files';
import { leadAssignmentRoutes } from './routes/lead-assignments';
import { leadTransferRoutes } from './routes/lead-transfer';
import { leadRoutes } from './routes/leads';
import { salesActivityRoutes } from './routes/sales-activities';
import { announcementRoutes } from './routes/announcements';
import { complaintRoutes } from './routes/complaints';
import { fulfilmentRoutes } from './routes/fulfilment';
import { visitRoutes } from './routes/visits';
import { salesReportRoutes } from './routes/sales-reports';
import { salesRevenueRoutes } from './routes/sales-revenue';
import { salesTeamRoutes } from './routes/sales-teams';
import { commandRoutes } from './routes/commands';
import { pksRoutes } from './routes/pks';
import { pksClauseRoutes } from './routes/pks-clauses';
import { spkRoutes } from './routes/spk';
import { notificationRoutes } from './routes/notifications';
import { noticeDeliveryRoutes } from './routes/notice-deliveries';
import { optionRoutes } from './routes/options';
import { quotationApprovalRoutes } from './routes/quotation-approvals';
import { quotationDocumentRoutes } from './routes/quotation-documents';
import { quotationStepRoutes } from './routes/quotation-steps';
import { quotationRoutes } from './routes/quotations';
import { regulationRoutes } from './routes/regulation';
import { masterDataRoutes } from './resources/master-data';

export const allRoutes: RouteSpec[] = [
  ...healthRoutes,
  ...authRoutes,
  ...adminRoutes,
  ...noticeDeliveryRoutes,
  ...approvalPolicyRoutes,
  ...menuRoutes,
  ...documentTemplateRoutes,
  ...leadTransferRoutes,
  ...leadRoutes,
  ...leadAssignmentRoutes,
  ...salesTeamRoutes,
  ...companyGroupRoutes,
  ...customerRoutes,
  ...siteRoutes,
  ...pipelineRoutes,
  ...fileRoutes,
  ...emailRoutes,
  ...customerActivityRoutes,
  ...salesActivityRoutes,
  ...quotationRoutes,
  ...quotationDocumentRoutes,
  ...quotationStepRoutes,
  ...quotationApprovalRoutes,
  ...spkRoutes,
  ...commandRoutes,
  ...pksRoutes,
  ...pksClauseRoutes,
  ...fulfilmentRoutes,
  ...visitRoutes,
  ...complaintRoutes,
  ...salesRevenueRoutes,
  ...salesReportRoutes,
  ...notificationRoutes,
  ...announcementRoutes,
  ...optionRoutes,
  ...regulationRoutes,
  ...wageCampaignRoutes,
  ...goLiveRoutes,
  ...itemRoutes,
  ...masterDataRoutes,
];

function cors(origins: string[]): Koa.Middleware {
  return async (ctx, next) => {
    const origin = ctx.get('Origin');
    if (origin && origins.includes(origin)) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Vary', 'Origin');
      ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Request-Id');
      ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      ctx.set('Access-Control-Expose-Headers', 'X-Request-Id, Location, Retry-After');
      if (ctx.method === 'OPTIONS') {
        ctx.status = 204;
        return;
      }
    }
    await next();
  };
}

export function createApp(deps: ApiDeps, logger: Logger): Koa<ApiState> {
  const app = new Koa<ApiState>({ proxy: process.env.TRUST_PROXY === '1' });
  (app.context as unknown as { deps: ApiDeps }).deps = deps;
  const router = new Router();
  const openApi = buildOpenApi(allRoutes);
  router.get('/openapi.json', (ctx) => {
    ctx.body = openApi;
  });
  mount(router, allRoutes, authenticate);

  app.use(httpMetrics());
  app.use(securityHeaders());
  app.use(requestContext(logger));
  app.use(problemErrors());
  app.use(cors(deps.config.corsOrigins));
  app.use(apiDocs());
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb' }));
  app.use(allowedMethods(allRoutes) as Koa.Middleware);
  app.use(router.routes());
  return app;
}
