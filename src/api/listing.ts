// Shared list parameters: pagination and the id path parameter.
import Joi from 'joi';

export const pageQuery = {
  page: Joi.number().integer().min(1).default(1),
  pageSize: Joi.number().integer().min(1).max(100).default(20),
};

export const idParams = Joi.object({ id: Joi.number().integer().min(1).required() });
