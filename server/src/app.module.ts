import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuthController } from './auth/auth.controller.js';
import { SessionController } from './auth/session.controller.js';
import { SessionService } from './auth/session.service.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { PathAccess } from './auth/path-access.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { PasswordController } from './auth/password.controller.js';
import { TokensController } from './auth/tokens.controller.js';
import { PasswordService } from './auth/password.service.js';
import { TokensService } from './auth/tokens.service.js';
import { ErrorFilter } from './common/error-filter.js';
import { SERVER_CONFIG, type ServerConfig } from './common/config.js';
import { FlowOrchestrator } from './flows/flow-orchestrator.js';
import { FlowSteps } from './flows/flow-steps.js';
import { FlowTimers } from './flows/flow-timers.js';
import { FlowsController } from './flows/flows.controller.js';
import { FlowsService } from './flows/flows.service.js';
import { ApprovalLinks } from './flows/approval-links.js';
import { ApprovalsController } from './flows/approvals.controller.js';
import { Approvals } from './flows/approvals.js';
import { ResumeController } from './flows/resume.controller.js';
import { ResumeSigner } from './flows/resume-signer.js';
import { FoldersController } from './folders/folders.controller.js';
import { FoldersService } from './folders/folders.service.js';
import { GroupsController } from './folders/groups.controller.js';
import { GroupsService } from './folders/groups.service.js';
import { GraphqlApiModule } from './graphql/graphql.module.js';
import { HealthController } from './health/health.controller.js';
import { HttpRoutesController, HttpTriggersController } from './http-triggers/http-triggers.controller.js';
import { HttpTriggersService } from './http-triggers/http-triggers.service.js';
import { RouteHandler } from './http-triggers/route-handler.js';
import { RouteSecrets } from './http-triggers/route-secrets.js';
import { RouteTable } from './http-triggers/route-table.js';
import { ArgValidator } from './jobs/arg-validator.js';
import { JobCanceler } from './jobs/job-canceler.js';
import { JobEvents } from './jobs/job-events.js';
import { JobCredentials } from './jobs/job-credentials.js';
import { JobApiListener } from './job-api/job-api.listener.js';
import { JobApiOps } from './job-api/job-api.ops.js';
import { NativeJobApi } from './job-api/native-api.js';
import { FLOW_CANCELER } from './jobs/flow-canceler.js';
import { StepFinished } from './jobs/step-finished.js';
import { JobPublisher } from './jobs/job-publisher.js';
import { NativeJobs } from './native/native-jobs.js';
import { JobReaper } from './jobs/job-reaper.js';
import { JobWaiter } from './jobs/job-waiter.js';
import { JobsController } from './jobs/jobs.controller.js';
import { JobsService } from './jobs/jobs.service.js';
import { PreviewsController } from './jobs/previews.controller.js';
import { FlowPreviewsController } from './flows/flow-previews.controller.js';
import { RunsController } from './runs/runs.controller.js';
import { StepPreviews } from './flows/step-preview.js';
import { JobTelemetry } from './metrics/job-telemetry.js';
import type { ServerMetrics } from './metrics/server-metrics.js';
import { NATS } from './nats/nats-token.js';
import { NatsTriggerListener } from './nats-triggers/nats-trigger-listener.js';
import { NatsTriggersController } from './nats-triggers/nats-triggers.controller.js';
import { NatsTriggersService } from './nats-triggers/nats-triggers.service.js';
import type { Nats } from './nats/nats.js';
import { PublicFormsController } from './runs/public-forms.controller.js';
import { ScriptsController } from './scripts/scripts.controller.js';
import { ScriptsService } from './scripts/scripts.service.js';
import { DependencyLocker } from './scripts/dependencies.js';
import { JOB_SIZE_CHECK } from './scripts/job-size-check.js';
import { ScheduleFailures } from './schedules/schedule-failures.js';
import { Scheduler } from './schedules/scheduler.js';
import { SchedulesController } from './schedules/schedules.controller.js';
import { SchedulesService } from './schedules/schedules.service.js';
import { ResourceResolver } from './resources/resolve-resource.js';
import { ResourceSecrets } from './resources/resource-secrets.js';
import { ResourceTypesController } from './resources/resource-types.controller.js';
import { ResourceTypesService } from './resources/resource-types.service.js';
import { ResourcesController } from './resources/resources.controller.js';
import { ResourcesService } from './resources/resources.service.js';
import { SecretKeys } from './secrets/secret-keys.js';
import { SecretsController } from './secrets/secrets.controller.js';
import { VariablesController } from './variables/variables.controller.js';
import { VariablesService } from './variables/variables.service.js';
import { AuditController } from './audit/audit.controller.js';
import { AuditRetention } from './audit/audit-retention.js';
import { JobRetention } from './jobs/job-retention.js';
import { AuditService } from './audit/audit.service.js';
import { InvitesService } from './users/invites.service.js';
import { MembersController } from './users/members.controller.js';
import { MembersService } from './users/members.service.js';
import { UsersController } from './users/users.controller.js';
import { UsersService } from './users/users.service.js';
import { WorkspacesController } from './workspaces/workspaces.controller.js';
import { WorkspacesService } from './workspaces/workspaces.service.js';
import { WindmillIdentityController } from './windmill/identity.controller.js';
import { WindmillSyncController } from './windmill/sync.controller.js';
import { WorkspaceExport } from './windmill/tarball.js';
import { WindmillJobsController } from './windmill/jobs.controller.js';
import { WindmillJobs } from './windmill/windmill-jobs.service.js';
import { DependencyLocksController } from './windmill/dependency-locks.controller.js';
import { DependencyLocks } from './windmill/dependency-locks.js';
import { WorkerRegistry } from './workers/worker-registry.js';
import { WorkersController } from './workers/workers.controller.js';

/** The connections are opened before Nest starts (see app.ts) and handed in here. */
@Module({})
export class AppModule {
  static forRoot(config: ServerConfig, db: DataSource, nats: Nats, metrics: ServerMetrics): DynamicModule {
    return {
      module: AppModule,
      imports: [GraphqlApiModule.forRoot(config.graphqlLimits)],
      controllers: [
        HealthController,
        AuthController,
        SessionController,
        TokensController,
        PasswordController,
        NatsTriggersController,
        ScriptsController,
        FlowsController,
        JobsController,
        PreviewsController,
        FlowPreviewsController,
        RunsController,
        ResumeController,
        ApprovalsController,
        HttpTriggersController,
        HttpRoutesController,
        SchedulesController,
        WorkersController,
        PublicFormsController,
        VariablesController,
        SecretsController,
        WorkspacesController,
        UsersController,
        MembersController,
        AuditController,
        GroupsController,
        FoldersController,
        ResourceTypesController,
        ResourcesController,
        WindmillIdentityController,
        WindmillSyncController,
        WindmillJobsController,
        DependencyLocksController,
      ],
      providers: [
        WorkspaceExport,
        { provide: SERVER_CONFIG, useValue: config },
        { provide: DataSource, useValue: db },
        { provide: NATS, useValue: nats },
        { provide: JobTelemetry, useValue: new JobTelemetry(metrics) },
        AuthGuard,
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        AuthService,
        PathAccess,
        GroupsService,
        FoldersService,
        LoginThrottle,
        TokensService,
        PasswordService,
        SessionService,
        NatsTriggersService,
        NatsTriggerListener,
        ScriptsService,
        DependencyLocker,
        DependencyLocks,
        ArgValidator,
        JobCanceler,
        NativeJobs,
        JobPublisher,
        { provide: JOB_SIZE_CHECK, useExisting: JobPublisher },
        StepFinished,
        JobEvents,
        JobReaper,
        JobsService,
        JobWaiter,
        WindmillJobs,
        FlowsService,
        FlowSteps,
        FlowTimers,
        FlowOrchestrator,
        { provide: FLOW_CANCELER, useExisting: FlowOrchestrator },
        StepPreviews,
        ResumeSigner,
        ApprovalLinks,
        Approvals,
        RouteTable,
        RouteSecrets,
        HttpTriggersService,
        RouteHandler,
        ScheduleFailures,
        Scheduler,
        SchedulesService,
        WorkerRegistry,
        SecretKeys,
        VariablesService,
        JobCredentials,
        JobApiOps,
        JobApiListener,
        NativeJobApi,
        WorkspacesService,
        UsersService,
        MembersService,
        InvitesService,
        AuditService,
        AuditRetention,
        JobRetention,
        ResourceTypesService,
        ResourceSecrets,
        ResourcesService,
        ResourceResolver,
        ...GraphqlApiModule.providers,
      ],
    };
  }
}
