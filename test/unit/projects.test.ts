import { foldProjects, unknownProjectIssues, projectKey, type NewEvent } from '../../domain/ingest';
import {
  mayReadCustomer,
  mayReadCustomerPart,
  mayReadProject,
  projectScopeOf,
  type Principal,
} from '../../domain/principal';
import {
  PROJECT_DIMENSION,
  projectOf,
  withoutProject,
  withProject,
} from '../../domain/projects/project-dimension';

const event = (customerId: string, projectId: string | null | undefined): NewEvent => ({
  customerId,
  id: `e-${customerId}-${projectId ?? 'none'}`,
  type: 'usage.recorded',
  timestampMs: 0,
  resourceId: 'r',
  meter: 'm',
  dimensions: null,
  quantity: '1',
  ...(projectId === undefined ? {} : { projectId }),
});

describe('the project dimension', () => {
  it.each<[string, Record<string, string> | null, string | null, Record<string, string> | null]>([
    ['no project keeps the dimensions', { region: 'fra1' }, null, { region: 'fra1' }],
    ['no project keeps no dimensions', null, null, null],
    [
      'a project joins the dimensions',
      { region: 'fra1' },
      'web',
      { region: 'fra1', $project: 'web' },
    ],
    ['a project alone', null, 'web', { $project: 'web' }],
  ])('%s', (_name, dimensions, projectId, folded) => {
    expect(withProject(dimensions, projectId)).toEqual(folded);
    expect(projectOf(folded)).toEqual(projectId);
    expect(withoutProject(folded ?? {})).toEqual(dimensions ?? {});
  });

  it('is a key no client dimension can take', () => {
    expect(PROJECT_DIMENSION).toEqual('$project');
  });
});

describe('events with projects', () => {
  it('names each event of a project its customer does not have, by index', () => {
    const known = new Set([projectKey('a', 'web')]);
    expect(
      unknownProjectIssues(
        [
          event('a', 'web'),
          event('a', 'data'),
          event('b', 'web'),
          event('a', null),
          event('a', undefined),
        ],
        known,
      ),
    ).toEqual([
      { index: 1, field: 'projectId', message: 'unknown project data of customer a' },
      { index: 2, field: 'projectId', message: 'unknown project web of customer b' },
    ]);
  });

  it('folds the project into the dimensions and drops the field', () => {
    expect(foldProjects([event('a', 'web'), event('a', null)])).toEqual([
      { ...event('a', undefined), id: 'e-a-web', dimensions: { $project: 'web' } },
      { ...event('a', undefined), id: 'e-a-none', dimensions: null },
    ]);
  });
});

describe('project-scoped principals', () => {
  const operator: Principal = { kind: 'operator' };
  const account: Principal = { kind: 'customer', customerId: 'c1' };
  const web: Principal = { kind: 'customer', customerId: 'c1', projectId: 'web' };
  it.each<[string, Principal, string | null, boolean]>([
    ['an operator reads any project', operator, 'web', true],
    ['an account key reads any project', account, 'db', true],
    ["an account key reads the account's own part", account, null, true],
    ['a project key reads its project', web, 'web', true],
    ['a project key does not read another project', web, 'db', false],
    ["a project key does not read the account's own part", web, null, false],
  ])('%s', (_name, principal, projectId, allowed) => {
    expect(mayReadProject(principal, projectId)).toEqual(allowed);
  });

  it('deny by default: a project key reads no whole customer, only its part', () => {
    expect([
      mayReadCustomer(operator, 'c1'),
      mayReadCustomer(account, 'c1'),
      mayReadCustomer(web, 'c1'),
      mayReadCustomerPart(web, 'c1'),
      mayReadCustomerPart(web, 'c2'),
      mayReadCustomer(account, 'c2'),
    ]).toEqual([true, true, false, true, false, false]);
  });

  it('confines only project keys', () => {
    expect([projectScopeOf(operator), projectScopeOf(account), projectScopeOf(web)]).toEqual([
      null,
      null,
      'web',
    ]);
  });
});
