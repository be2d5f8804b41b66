// Shared list parameters: pagination and the id path parameter.
import Joi from 'joi';

export const pageQuery = {
  page: Joi.number().integer().min(1).default(1),
  pageSize: Joi.number().integer().min(1).max(100).default(20),
};

// Free-text search on a list is `q`; `search` (before 0.2) is still read for one release.
export const searchQuery = {
  q: Joi.string().trim().max(100),
  search: Joi.string().trim().max(100).description('deprecated: use q (removed in 0.3)'),
};

export const idParams = Joi.object({ id: Joi.number().integer().min(1).required() });
