// The open plan, and what src-core derives from it: diagnostics and generated files.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Plan } from '../../../src-core/model/plan-schema';
import { demoDrPlan } from '../../../src-core/templates/demo-dr';
import { validatePlan } from '../../../src-core/validate/validate';
import { compilePlan } from '../../../src-core/compile/compile';
import { renderBundle } from '../../../src-core/render/bundle';

export const usePlanStore = defineStore('plan', () => {
  const plan = shallowRef<Plan>(demoDrPlan());
  const lang = ref<'en' | 'zh'>('en');
  const diagnostics = computed(() => validatePlan(plan.value));
  const files = computed(() => renderBundle(plan.value, compilePlan(plan.value)));
  const hostNames = computed(() => new Map(plan.value.spec.hosts.map((h) => [h.id, h.name])));
  function setLang(l: 'en' | 'zh') {
    lang.value = l;
  }
  return { plan, lang, diagnostics, files, hostNames, setLang };
});
