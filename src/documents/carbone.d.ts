// The part of Carbone 3's API we use (it ships no types).
declare module 'carbone' {
  export function render(
    templatePath: string,
    data: object,
    options: { convertTo?: string },
    callback: (error: Error | null, result: Buffer) => void,
  ): void;
}
declare module 'carbone/lib/converter' {
  export function exit(callback: () => void): void;
}
