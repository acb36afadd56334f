/** Arms resting on the mat beside a figure lying on its back. */
export const armsOnFloor = { shoulder: -7, elbow: 2, wrist: 0 };
