// htm bound to Preact's h: the console's markup is tagged templates, with no JSX compile step.
// htm and Preact put every interpolated value into a text node or a property, never into HTML:
// text from the API (a dead letter's payload included) cannot become markup.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
