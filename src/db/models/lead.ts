import { BaseModel } from './base';

export class Lead extends BaseModel {
  static tableName = 'leads';

  id!: number;
  code!: string;
  companyName!: string;
  branchId!: number | null;
  ownerUserId!: number;
  deletedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}
