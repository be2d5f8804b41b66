// Joi schemas shared by several route areas.
import Joi from 'joi';

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

// A calendar date kept as 'YYYY-MM-DD' (Joi's isoDate() would turn it into a timestamp).
export const calendarDate = Joi.string()
  .pattern(DATE_SHAPE)
  // Only a value of the right shape is checked against the calendar, so a field gets one message, not two.
  .custom((value: string, helpers) =>
    !DATE_SHAPE.test(value) || isCalendarDate(value) ? value : helpers.error('any.invalid'),
  )
  // States the calendar rule in the OpenAPI document (format "date" is RFC 3339 full-date).
  .meta({ format: 'date' })
  .messages({
    'string.pattern.base': '{#label} must be a date YYYY-MM-DD',
    'any.invalid': '{#label} is not a calendar date',
  });

export const provinceCode = Joi.string()
  .pattern(/^\d{2}$/)
  .message('{#label} must be a 2-digit province code');
export const cityCode = Joi.string()
  .pattern(/^\d{2}\.\d{2}$/)
  .message('{#label} must be a city code like 32.75');
export const districtCode = Joi.string()
  .pattern(/^\d{2}\.\d{2}\.\d{2}$/)
  .message('{#label} must be a district code like 32.75.01');
export const villageCode = Joi.string()
  .pattern(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/)
  .message('{#label} must be a village code like 32.75.01.1001');
export const clockTime = Joi.string()
  .pattern(/^([01]\d|2[0-3]):[0-5]\d$/)
  .message('{#label} must be a time HH:MM');
