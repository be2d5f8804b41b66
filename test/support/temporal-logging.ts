// Jest setup for suites that run workers: the SDK logs through our logger (quiet at LOG_LEVEL=error).
import { logger } from '../../src/logger';
import { installTemporalLogging } from '../../src/temporal/runtime-logging';

installTemporalLogging(logger);
