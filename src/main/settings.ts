export function requireSetting(name: string, value: string | undefined): string {
  if (!value) throw new Error(`${name} must be set for this command (npm start runs embedded services instead)`);
  return value;
}
