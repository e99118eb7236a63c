import fc from 'fast-check';
import { Role } from '@tongban/platform';
import { AccessPurpose, CLIENT_DATA_KINDS, decideAccess, ROLE_RULES } from './access-rules';

const ROLES = Object.values(Role);
const PURPOSES: AccessPurpose[] = ['read', 'clinical_act', 'manage'];
const cases = fc.record({
  role: fc.constantFrom(...ROLES),
  kind: fc.constantFrom(...CLIENT_DATA_KINDS),
  purpose: fc.constantFrom(...PURPOSES),
  related: fc.boolean(),
  emergency: fc.boolean(),
});

describe('the role rules and the access decision', () => {
  it('opens nothing without a relation or broken glass', () => {
    fc.assert(
      fc.property(cases, ({ role, kind, purpose }) => {
        expect(decideAccess(role, kind, { related: false, emergency: false }, purpose)).toBeNull();
      }),
    );
  });

  it('opens through a relation exactly the kinds of the role’s rule, with its grounds and view', () => {
    fc.assert(
      fc.property(cases, ({ role, kind, purpose }) => {
        const rule = ROLE_RULES[role];
        const decision = decideAccess(role, kind, { related: true, emergency: false }, purpose);
        expect(decision).toEqual(rule.kinds.has(kind) ? { grounds: rule.grounds, view: rule.view } : null);
      }),
    );
  });

  it('never lets emergency access manage a record, nor a role that may not break the glass use it', () => {
    fc.assert(
      fc.property(cases, ({ role, kind, purpose, related }) => {
        const decision = decideAccess(role, kind, { related, emergency: true }, purpose);
        if (decision?.grounds === 'emergency') {
          expect(ROLE_RULES[role].mayBreakGlass).toBe(true);
          expect(purpose).not.toBe('manage');
          expect(decision.view).toBe('full');
        }
        if (purpose === 'manage' || !ROLE_RULES[role].mayBreakGlass) {
          expect(decision).toEqual(decideAccess(role, kind, { related, emergency: false }, purpose));
        }
      }),
    );
  });

  it('keeps what product.md says: only counselors read counseling notes, peer leaders never see dosing, admins no client', () => {
    for (const role of ROLES) {
      expect(ROLE_RULES[role].kinds.has('counseling_notes')).toBe(role === Role.Counselor);
    }
    expect(ROLE_RULES[Role.PeerLeader].kinds.has('dosing')).toBe(false);
    for (const role of ROLES) {
      // Care-plan review notes are the counselor's alone; nurses and peer leaders see no care plan or referral at all.
      expect(ROLE_RULES[role].kinds.has('care_plan_notes')).toBe(role === Role.Counselor);
      if (role === Role.Nurse || role === Role.PeerLeader) {
        expect(['care_plan', 'referrals', 'referral_notes'].filter((kind) => ROLE_RULES[role].kinds.has(kind as never))).toEqual([]);
      }
    }
    expect(ROLE_RULES[Role.PeerLeader].view).toBe('pseudonym');
    expect(ROLE_RULES[Role.Admin].relation).toBe('none');
  });
});
