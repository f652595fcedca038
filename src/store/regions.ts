/** Real AWS commercial Regions offered by the region switcher. KMS is regional: each has its own keys. */
export const REGIONS = [
  { id: 'us-east-1', name: 'US East (N. Virginia)' },
  { id: 'us-east-2', name: 'US East (Ohio)' },
  { id: 'us-west-2', name: 'US West (Oregon)' },
  { id: 'ca-central-1', name: 'Canada (Central)' },
  { id: 'eu-west-1', name: 'Europe (Ireland)' },
  { id: 'eu-central-1', name: 'Europe (Frankfurt)' },
  { id: 'eu-north-1', name: 'Europe (Stockholm)' },
  { id: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
  { id: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
  { id: 'sa-east-1', name: 'South America (São Paulo)' },
] as const;

export type RegionId = (typeof REGIONS)[number]['id'];
export const DEFAULT_REGION: RegionId = 'us-east-1';

export function regionName(id: string): string {
  return REGIONS.find((r) => r.id === id)?.name ?? id;
}
