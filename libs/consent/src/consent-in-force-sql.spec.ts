import { consentInForceSql } from '@tongban/reminder-outbox';
import { activeConsentCondition } from './client-access.policy';

describe('the reminder outbox’s consentInForceSql', () => {
  it('states exactly the consent area’s rule for a consent in force', () => {
    expect(consentInForceSql('c', '$2::date')).toBe(activeConsentCondition('c', '$2::date'));
  });
});
