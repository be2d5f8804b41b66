// The floor workflow's activity: returns its argument, so only the local activity's own round trip is measured.
export const floorActivities = {
  async noop(n: number): Promise<number> {
    return n;
  },
};
