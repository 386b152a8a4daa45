import type { AclBinding, AclFilter } from '../../../../../shared/contract/kafka/acls';

/** One line a person reads before it is sent: "ALLOW User:alice READ on TOPIC orders (LITERAL) from *". */
export function bindingText(b: AclBinding): string {
  const name = b.patternType === 'PREFIXED' ? `${b.resourceName}* (PREFIXED)` : `${b.resourceName} (LITERAL)`;
  return `${b.permission} ${b.principal} ${b.operation} on ${b.resourceType} ${name} from host ${b.host}`;
}

/** The filter form's text fields: an empty field means "any". */
export interface FilterForm {
  principal: string;
  resourceType: string;
  patternType: string;
  resourceName: string;
  host: string;
  operation: string;
  permission: string;
}

export const EMPTY_FILTER: FilterForm = {
  principal: '',
  resourceType: '',
  patternType: '',
  resourceName: '',
  host: '',
  operation: '',
  permission: '',
};

/** Only the fields set; the values are checked by the contract's schema in core (a bad one is a clear INVALID_INPUT). */
export function filterOf(f: FilterForm): AclFilter {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v.trim() !== '') out[k] = v.trim();
  return out as AclFilter;
}
