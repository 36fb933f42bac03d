/* htm bound to Preact: tagged templates instead of JSX, no build-time
 * transform and no eval. Text in ${} is always escaped by Preact. */
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
