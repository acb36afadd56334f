/**
 * Legs of a figure seated on a chair, seen from the side: thighs along the seat (sloping a little
 * down to the knee), shins upright, feet flat on the floor. With the lower torso upright (90); a
 * torso leaning forward by d degrees keeps the thighs on the seat with hip + d.
 */
export const seatedLeg = { hip: 80, knee: 80, ankle: 0 };
/** Seen from the front: the thighs point at the viewer (drawn short), shins upright, feet forward. */
export const seatedLegFront = { hip: [0, 76] as [number, number], knee: 0, ankle: [-3, 70] as [number, number] };
/** Hands resting on the knees of a figure seated upright, seen from the side. */
export const handOnKnee = { shoulder: 35, elbow: 10 };
/** Seen from the front: the arm down by the side, the hand holding the edge of the seat. */
export const holdingSeat = { shoulder: 6, elbow: 0, wrist: [0, 70] as [number, number] };
export const onChair = [{ kind: 'chair' as const, at: 'pelvis' as const }];
export const feetDown = ['leftAnkle', 'rightAnkle'] as const;
