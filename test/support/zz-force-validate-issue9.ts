jest.mock('../../api/contract/mount', () => {
  const actual = jest.requireActual('../../api/contract/mount');
  return {
    ...actual,
    mountRoutes: (routes: any, deps: any, _options: any) =>
      actual.mountRoutes(routes, deps, { validateResponses: true }),
  };
});
