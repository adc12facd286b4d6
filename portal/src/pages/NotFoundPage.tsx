import { Link } from '../router';

/** Unknown pages and other customers' data look the same: nothing to see here. */
export function NotFoundPage() {
  return (
    <section className="card state-notfound" aria-labelledby="notfound-title">
      <h1 id="notfound-title">Not found</h1>
      <p>This page does not exist, or it is not yours to see.</p>
      <p>
        <Link to="/portal/">Back to the portal</Link>
      </p>
    </section>
  );
}
