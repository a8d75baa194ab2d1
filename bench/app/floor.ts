/**
 * The floor for bench/app.ts: the least code that answers the same three requests with the same
 * queries (Fastify without logging, schemas, metrics or hooks; mysql2 pool of the same size).
 */
import Fastify from 'fastify';
import { createPool, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';

const pool = createPool({
  host: process.env.DB_HOST,
  port: Number(process.env.DB_PORT),
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  database: process.env.DB_NAME,
  connectionLimit: Number(process.env.DB_POOL_SIZE ?? 10),
  timezone: 'Z',
  // Same driver settings as the app (app/src/db/pool.ts), so the ratio measures our code, not a setting.
  trace: false,
});
const columns = 'id, name, description, version, created_at, updated_at';
const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/api/items/:id', async (request, reply) => {
  const [rows] = await pool.execute<RowDataPacket[]>(`SELECT ${columns} FROM items WHERE id = ?`, [request.params.id]);
  return rows[0] ?? reply.code(404).send();
});
app.get('/api/items', async () => {
  const [rows] = await pool.execute<RowDataPacket[]>(`SELECT ${columns} FROM items WHERE id > ? ORDER BY id LIMIT 21`, [0]);
  return { items: rows.slice(0, 20) };
});
app.post<{ Body: { name: string } }>('/api/items', async (request, reply) => {
  const [result] = await pool.execute<ResultSetHeader>(
    'INSERT INTO items (name, description, version, created_at, updated_at) VALUES (?, ?, 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))',
    [request.body.name, null],
  );
  const [rows] = await pool.execute<RowDataPacket[]>(`SELECT ${columns} FROM items WHERE id = ?`, [result.insertId]);
  return reply.code(201).send(rows[0]);
});

process.once('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) }).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
