/**
 * Real AWS commercial Regions offered by the region switcher. KMS is regional: each has its own keys.
 * `short` is the console's short name (its header shows "N. Virginia"), for the header's picker.
 */
export const REGIONS = [
  { id: 'us-east-1', name: 'US East (N. Virginia)', short: 'N. Virginia' },
  { id: 'us-east-2', name: 'US East (Ohio)', short: 'Ohio' },
  { id: 'us-west-2', name: 'US West (Oregon)', short: 'Oregon' },
  { id: 'ca-central-1', name: 'Canada (Central)', short: 'Canada Central' },
  { id: 'eu-west-1', name: 'Europe (Ireland)', short: 'Ireland' },
  { id: 'eu-central-1', name: 'Europe (Frankfurt)', short: 'Frankfurt' },
  { id: 'eu-north-1', name: 'Europe (Stockholm)', short: 'Stockholm' },
  { id: 'ap-southeast-2', name: 'Asia Pacific (Sydney)', short: 'Sydney' },
  { id: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)', short: 'Tokyo' },
  { id: 'sa-east-1', name: 'South America (São Paulo)', short: 'São Paulo' },
] as const;

export type RegionId = (typeof REGIONS)[number]['id'];
export const DEFAULT_REGION: RegionId = 'us-east-1';

export function regionName(id: string): string {
  return REGIONS.find((r) => r.id === id)?.name ?? id;
}
