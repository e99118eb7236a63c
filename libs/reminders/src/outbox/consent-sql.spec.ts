import { activeConsentCondition } from '@tongban/consent';
import { consentInForceSql } from './consent-sql';

describe('consentInForceSql', () => {
  it('states exactly the consent area’s rule for a consent in force', () => {
    expect(consentInForceSql('c', '$2::date')).toBe(activeConsentCondition('c', '$2::date'));
  });
});
