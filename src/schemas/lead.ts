// The fields of a lead as a client or a spreadsheet row gives them: one schema for the API and the sheet import.
import Joi from 'joi';
import { calendarDate, cityCode, districtCode, provinceCode, villageCode } from './fields';

const id = Joi.number().integer().min(1);
const optionalText = (max: number) => Joi.string().trim().max(max).allow(null, '');

export const leadFields = {
  companyName: Joi.string().trim().min(3).max(100).required(),
  picName: Joi.string().trim().min(1).max(150).required(),
  branchId: id.required(),
  serviceLineIds: Joi.array().items(id).min(1).unique().required(),
  provinceCode: provinceCode.required(),
  cityCode: cityCode.required(),
  districtCode: districtCode.allow(null),
  villageCode: villageCode.allow(null),
  phone: optionalText(50),
  companyTypeId: id.allow(null),
  businessSectorId: id.allow(null),
  legalFormId: id.allow(null),
  sourceId: id.allow(null),
  address: optionalText(1000),
  picTitleId: id.allow(null),
  picPhone: optionalText(50),
  picEmail: Joi.string()
    .trim()
    .email({ tlds: { allow: false } })
    .max(150)
    .allow(null, ''),
  foreignCapital: Joi.boolean(),
  notes: optionalText(5000),
  leadDate: calendarDate,
};
