import { BaseModel } from './base';

export class User extends BaseModel {
  static tableName = 'users';

  id!: number;
  email!: string;
  username!: string;
  fullName!: string;
  passwordHash!: string;
  roleId!: number;
  branchId!: number | null;
  isActive!: boolean;
  createdAt!: Date;
  updatedAt!: Date;
}
