/**
 * Side-effect imports that register each area's sidebar resources and screens
 * with the shell (app/resources.ts). An area adds one line here.
 */
import './kafka/topics/register';
import './kafka/groups/register';
import './kafka/messages/register';
import './kafka/connect/register';
import './kafka/acls/register';
import './kafka/scram/register';
import './kafka/quotas/register';
import './kafka/schemas/register';
import './mongo/register';
import './neo4j/register';
import './redis/register';
import './cassandra/register';
import './models/register';
export {};
