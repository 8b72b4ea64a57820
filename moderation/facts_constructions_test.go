package moderation_test

import (
	"testing"

	"github.com/vigie-fr/vigie/moderation"
)

// The tables below test how the five charter-fact categories are built in
// real comments, construction by construction, each with hard negatives:
// the same words in a comment the commune must leave alone.

func TestDefamationConstructions(t *testing.T) {
	runCategory(t, moderation.Diffamatoire, []catCase{
		// The author is singled out after the fact.
		{"cleft after a passive", "Les comptes de la régie ont été falsifiés, c'est Ferrand qui s'en occupait.", true},
		{"relative then cleft", "Celui qui a crevé les pneus du car scolaire, c'est le fils Moreau.", true},
		{"cleft names a witness", "Le marché a été truqué, c'est M. Blanc qui l'a découvert en relisant les offres.", false},
		// "il" or "elle" for the person named just before.
		{"anaphora", "Je connais bien M. Haddad. Il se sert dans la caisse de l'association depuis des années.", true},
		{"anaphora with a reserve", "M. Haddad a pris la parole. Il a rappelé que le harcèlement des agents est puni par la loi.", false},
		// The one who received a favour.
		{"favour to a named firm", "Le contrat de déneigement a été passé sans appel d'offres à l'entreprise de M. Blanc.", true},
		{"a subsidy voted", "La subvention a été accordée au club de M. Blanc après le vote du conseil.", false},
		// Public resources for private ends.
		{"council truck for private ends", "Ferrand utilise le camion de la mairie pour ses déménagements le week-end.", true},
		{"council staff in a garden", "Le DGS fait travailler les agents municipaux dans son jardin pendant leurs heures.", true},
		{"council truck lent to the school", "Merci à Haddad d'avoir prêté le camion de la mairie pour la brocante de l'école.", false},
		// A company pays.
		{"gift from a developer", "Haddad s'est fait offrir ses vacances par le promoteur du lotissement.", true},
		{"flowers from the children", "La maire s'est fait offrir un bouquet par les enfants de l'école.", false},
		// Contracts, homes and jobs for relatives.
		{"contracts to a cousin", "La maire file tous les chantiers à son cousin maçon.", true},
		{"council land sold to a son", "LA MAIRE A VENDU LE TERRAIN COMMUNAL À SON FILS POUR TROIS FOIS RIEN", true},
		{"homes to priority families", "La maire a attribué les logements sociaux aux familles prioritaires.", false},
		{"an élu hires his daughter", "Haddad a embauché sa fille comme saisonnière à la piscine sans entretien.", true},
		{"a baker hires his son", "Le boulanger a embauché son fils pour l'été, bravo à lui.", false},
		// Insinuations asked as questions.
		{"means question", "Comment la maire a pu s'offrir un chalet à Megève avec son indemnité ?", true},
		{"with what money", "Haddad roule en Porsche neuve, avec quel argent ?", true},
		{"means, no insinuation", "Mme Dupont s'est acheté un vélo électrique avec sa retraite, elle est ravie.", false},
		{"budget question", "Comment la maire compte financer la piscine avec le budget actuel ?", false},
		// Sex for a job, secrets told, slang.
		{"sleeps for the job", "La secrétaire couche avec Haddad pour garder son poste.", true},
		{"partner inside the fact", "Elle couche avec le DGS pour avoir le logement, c'est connu.", true},
		{"papers read out", "La secrétaire de mairie a raconté mon dossier de surendettement à tout le village.", true},
		{"mail answered", "Mme Dupont a lu mon courrier et m'a répondu en deux jours, merci.", false},
		{"sugaring himself", "Le DGS se sucre sur les notes de frais depuis des années.", true},
		{"his cut", "Haddad a touché sa com sur la vente du terrain, c'est évident.", true},
		{"string-pulling", "La maire a pistonné son neveu aux services techniques.", true},
		{"off the books", "M. Blanc fait des chantiers au noir tous les samedis.", true},
		// Designations: a role glued to its article, a business.
		{"glued article", "ladjoint a pris des pots de vin pour le lotissement cest sur", true},
		{"business receives stolen goods", "Le garage Lacombe revend des pièces volées, demandez autour de vous.", true},
		{"business burgled", "Le garage Lacombe a été cambriolé, des pièces volées ont été retrouvées.", false},
		// Public goods taken home, private works done by public staff.
		{"canteen food taken home", "La cantinière de Lavergne ramène chez elle la viande de la cantine le vendredi.", true},
		{"pet taken home", "Le DGS ramène chez lui le chat errant de la mairie, merci pour lui.", false},
		{"private drive by council staff", "Haddad a fait bétonner la cour de sa maison par les agents municipaux.", true},
		{"council staff praised", "Merci à Haddad et aux agents municipaux pour la cour de l'école, superbe.", false},
		{"rich on council land", "La maire s'est enrichie avec les terrains communaux qu'elle a revendus.", true},
		{"a job through family", "Ferrand a eu son poste parce qu'il est le cousin de la maire.", true},
		{"a job on merit", "Ferrand a eu son poste parce qu'il était le meilleur candidat, point.", false},
		{"hired without an exam", "La femme du DGS a été embauchée à la piscine sans entretien.", true},
		{"hired without an exam, lawful", "La secrétaire a été recrutée sans concours, c'est normal pour un contractuel.", false},
		{"permit for a brother-in-law", "La maire a signé le permis de son beau-frère en zone inondable.", true},
		{"permit for a health centre", "La maire a signé le permis de la maison de santé, enfin !", false},
		// Predicates that impute a record, slang for drinking on duty.
		{"former dealer", "Le policier municipal est un ancien dealer, tout le monde le sait.", true},
		{"dealers chased away", "La maire a fait chasser les dealers du parc, merci.", false},
		{"dismissed for misconduct", "Ferrand a été viré de sa dernière mairie pour faute grave.", true},
		{"drunk on duty", "M. Blanc picole en service, on le voit au café à midi.", true},
		{"a stop for drink-driving", "Le policier municipal a arrêté un conducteur ivre au volant, bravo.", false},
		{"offshore account", "Haddad a un compte en Suisse, c'est de là que vient sa villa.", true},
		{"reported hearsay", "Il paraît que Haddad a un compte en Suisse, je n'y crois pas.", false},
		{"up to the neck", "La maire est mouillée jusqu'au cou dans l'affaire du lotissement.", true},
		{"not lining pockets", "Haddad roule en vieille Clio, on ne peut pas dire qu'il s'en met plein les poches.", false},
		// A charter person's first name alone; misdeeds named as nouns.
		{"first name alone", "Karim se sert dans les stocks des services techniques pour retaper sa grange.", true},
		{"first name, thanks", "Karim est passé ce matin pour le nid de poule, réparé en une heure, merci !", false},
		{"misdeeds of someone", "Les magouilles de Haddad avec le promoteur vont finir par se savoir.", true},
		{"misdeeds denounced by someone", "Haddad dénonce les magouilles du promoteur dans le journal.", false},
		// Fines cancelled for relatives, roads to one's own house,
		// payments in cash, mail opened.
		{"fine cancelled for a son", "Marie a fait sauter l'amende de son fils, la secrétaire me l'a dit.", true},
		{"lottery cancelled", "Karim a fait annuler le loto à cause de la tempête, c'était plus prudent.", false},
		{"road to own property", "La maire a fait goudronner le chemin qui mène à sa propriété avant les autres.", true},
		{"road to the school", "La maire a fait goudronner le chemin qui mène à l'école, enfin !", false},
		{"cash from stallholders", "Le policier municipal fait payer les forains en liquide pour une bonne place.", true},
		{"stall fees", "Le policier municipal encaisse les droits de place des forains selon le tarif voté.", false},
		{"mail opened and told", "La secrétaire de mairie ouvre le courrier des gens et raconte tout au village.", true},
		{"council mail opened", "La secrétaire ouvre le courrier de la mairie chaque matin à 9h.", false},
		{"bills never paid", "Mme Dupont inscrit ses enfants à la cantine sans jamais payer les factures.", true},
		{"suspended for violence", "Le DGS a déjà été suspendu pour violences dans son ancien poste.", true},
		{"gifts of gravel", "Haddad a fait livrer du gravier de la commune chez son frère.", true},
		{"invited by firms", "La maire se fait inviter au restaurant par les entreprises qui veulent des marchés.", true},
		// An advantage with a knowing remark; the family name alone.
		{"advantage and a knowing remark", "Pourquoi le fils de Haddad a eu un logement social alors que 40 familles attendent ? On connaît la réponse.", true},
		{"advantage asked about", "Pourquoi le fils de Haddad a eu un logement social ? Quels sont les critères ?", false},
		{"family name alone", "Blanc laisse les enfants sans surveillance à la garderie pendant des heures.", true},
		{"family name as a word", "Le mur blanc de la cour laisse les enfants sans surveillance depuis la rue, il faut un grillage.", false},
		{"what you embezzled", "DUPONT RENDS L'ARGENT DE LA SALLE DES FETES QUE T'AS DETOURNE", true},
		{"public card on holiday", "La maire et son mari partent en vacances avec la carte de la mairie.", true},
		{"contracts always the same way", "Haddad et le patron du BTP, les marchés tombent toujours du même côté.", true},
		{"a bonus from a company", "Haddad a touché une prime de l'entreprise d'éoliennes pour voter pour.", true},
		{"a false address", "Mme Dupont a inscrit son neveu à l'école avec une fausse adresse.", true},
		{"canteen leftovers to a dog", "La cantinière donne les restes de la cantine à son chien au lieu des enfants.", true},
		// The speaker's own intention is a threat, not an imputation.
		{"threat, not a fact", "Haddad je vais te crever les pneus ce soir", false},
		{"report of a fact", "Je vais dire à tout le monde que Haddad pique dans la caisse.", true},
	})
}

func TestFakeNewsConstructions(t *testing.T) {
	runCategory(t, moderation.FakeNews, []catCase{
		{"mocked denial", "Vous croyez encore à leur démenti ? La piscine va être privatisée, c'est signé.", true},
		{"denial they may repeat", "Ils peuvent démentir tant qu'ils veulent, la piscine sera privatisée.", true},
		{"own denial", "C'est faux, la piscine ne sera pas privatisée, relisez le compte rendu.", false},
		{"warning in the imperative", "Ne laissez pas vos enfants aller au gymnase, on y a découvert des cas de légionellose.", true},
		{"shouted share with an alarm", "Une camionnette blanche rôde devant l'école pour enlever des enfants, PARTAGEZ", true},
		{"shouted share of an event", "PARTAGEZ : la kermesse de l'école a lieu samedi à partir de 14h !", false},
		{"water made people ill", "L'eau du robinet a rendu malade tout le lotissement, la mairie étouffe l'affaire.", false},
		{"houses marked", "Des cambrioleurs marquent les maisons à la craie dans le quartier, faites passer le message !", true},
		{"silent authorities", "La gendarmerie ne dit rien mais une camionnette blanche tente d'enlever des enfants.", true},
		{"alarm without a call", "Un enfant a failli se faire enlever à Toulouse, d'après La Dépêche.", false},
	})
	checkRumour(t, moderation.Rumor{
		ID: "cantine", Claim: "Le prix de la cantine augmente de 20 %", Keywords: []string{"cantine", "20"},
		Correction: "Le tarif de la cantine est inchangé depuis la rentrée 2023.",
	}, map[string]bool{
		"La cantine a pris un cinquième d'un coup, merci la mairie.":          true,
		"Le prix de la cantine grimpe de vingt pour cent, c'est voté.":        true,
		"La cantine coûte vingt euros de plus par mois pour deux enfants.":    false,
		"Vingt ans que mes enfants mangent à la cantine, jamais eu de souci.": false,
	})
}

func TestPersonalDataConstructions(t *testing.T) {
	runCategory(t, moderation.DonneesPersonnelles, []catCase{
		{"question only in the last clause", "Le fils de M. Haddad est en prison, c'est ça l'exemple qu'on nous donne ?", true},
		{"a real question", "Le fils de M. Haddad est en prison ? Quelqu'un sait ce qui s'est passé ?", false},
		{"social benefits", "Mme Dupont est au RSA depuis deux ans, elle ferait mieux de se taire.", true},
		{"benefits as a policy", "Mme Dupont veut supprimer le RSA pour les jeunes, c'est une honte.", false},
		{"debts", "Ferrand est criblé de dettes, les huissiers sont passés la semaine dernière.", true},
		{"outing", "Le fils de la maire est homo, tout le monde le sait au village.", true},
		{"pride march", "La maire a soutenu la marche des fiertés, bravo à elle.", false},
		{"home described", "Le DGS habite la maison jaune au bout de la rue des Écoles, allez le voir.", true},
		{"lives in the commune", "Le DGS habite la commune depuis vingt ans, il connaît les dossiers.", false},
		{"house number alone", "Ferrand habite au 14, sonnez de ma part.", true},
		{"own house number", "J'habite au 14 depuis trente ans et je n'ai jamais vu ça.", false},
		{"bank details with a wrong key", "Voici le RIB : FR76 1234 5678 9012 3456 7890 123 au nom de Karim Haddad.", true},
		{"fundraiser's bank details", "RIB pour les dons à l'APE : FR76 1234 5678 9012 3456 7890 123 au nom de APE Lavergne.", false},
		{"illness", "M. Blanc a fait un AVC cet hiver, c'est pour ça qu'il ne vient plus.", true},
		{"get well", "Bon rétablissement à M. Blanc qui a fait un AVC cet hiver.", false},
		{"a trade on sick leave", "Le boulanger est en arrêt maladie, la boutique ferme jusqu'au 15.", false},
		{"resident named by address", "Le locataire du 8 impasse des Lilas sort de prison, méfiez-vous.", true},
		{"neighbour named by address", "Ma voisine du 12 rue des Écoles a trouvé un chat, il est chez elle.", false},
		{"family named by surname", "Le gamin des Lacroix est autiste, il faudrait le surveiller.", true},
		{"own child", "Ma fille est autiste et l'école a été formidable, merci M. Blanc.", false},
		{"home described by place", "Ferrand vit seul au bout du chemin des Vignes, allez lui rendre visite.", true},
		{"a lamp at a place", "Le lampadaire au bout du chemin des Vignes clignote, merci M. Blanc de voir ça.", false},
		{"number said to be someone's", "Le 06 52 14 78 96 c'est Ferrand, il répondra plus vite que la mairie.", true},
		{"number of the canteen", "Pour la cantine, appelez Mme Dupont au 05 61 22 33 44 le matin.", false},
		{"your number, addressed", "Tiens Haddad, ton numéro traîne partout : 06 12 98 45 32", true},
		{"runaway daughter", "La fille de M. Blanc a fugué la semaine dernière, elle est chez son copain.", true},
		{"battered wife", "Le mari de la secrétaire la bat, tout le monde entend les cris le soir.", true},
		{"beaten at cards", "La maire les bat tous à la belote, quelle championne.", false},
		{"a named disease", "Mme Dupont a la maladie de Crohn, elle est souvent absente.", true},
		{"a disabled child", "M. Haddad a une fille handicapée, c'est pour ça qu'il s'occupe des écoles.", true},
		{"vague place", "La vieille Mme Lacoste habite au bout du chemin, elle nous offre des œufs.", false},
		{"place by a landmark", "Ferrand habite juste au-dessus du tabac, allez lui dire.", true},
		{"lost pet, owner's number", "Mme Dupont a perdu son chat, si vous le voyez appelez-la au 06 11 22 33 44.", false},
	})
}

func TestSpamConstructions(t *testing.T) {
	runCategory(t, moderation.Spam, []catCase{
		{"family business plug", "Ma cousine vend des bougies artisanales à prix cassés, allez voir sa page Bougies de Lily !", true},
		{"a photographer's page", "Allez voir sa page, il fait de superbes photos du village au lever du soleil.", false},
		{"credit buy-back", "Rachat de crédit sans frais de dossier, réponse en 24h, contactez-nous.", true},
		{"prize bait", "Félicitations, vous avez gagné un bon d'achat de 500 €, cliquez ici pour le recevoir.", true},
		{"team won", "Félicitations à l'équipe qui a gagné le tournoi de pétanque !", false},
		{"testimonial scam", "Je recommande vivement Mme Sarah, experte en trading, elle m'a aidé à doubler mon capital.", true},
		{"nails at home", "Au fait je fais des ongles à domicile, 25€ la pose, MP !", true},
		{"fair stall price", "Marché de Noël : 3 € la crêpe, tout l'argent va à l'APE.", false},
		{"invest and receive", "Investissez 250€ et recevez 5000€ en une semaine, témoignages sur mon profil.", true},
		{"fake government site", "L'État finance 90% de vos travaux d'isolation, vérifiez ici : isolation-aides-gouv.fr", true},
		{"real government site", "Pour la prime rénov, tout est expliqué sur france-renov.gouv.fr, c'est gratuit.", false},
		{"parcel not delivered", "Votre colis n'a pas pu être livré, reprogrammez la livraison : colis-fr-suivi.com", true},
		{"café site", "Le programme du concert est sur cafe-des-sports.fr, entrée libre.", false},
		{"work from home", "Qui veut travailler depuis chez soi ? 3 heures par jour, aucune expérience requise, écrivez-moi.", true},
		{"services by the hour", "Je propose mes services de ménage et repassage, 15€ de l'heure, chèques emploi service acceptés, MP", true},
		{"asking the going rate", "Quelqu'un connaît une femme de ménage sérieuse ? 15 € de l'heure c'est le prix ?", false},
		{"love spell", "Mon marabout Maître Kone a fait revenir mon mari en 3 jours, contactez-le au +229 97 12 34 56", true},
		{"product testers", "Devenez testeur de produits et gardez-les gratuitement, inscription ici", true},
		{"like farming", "Qui veut gagner 500€ ? Like, partage et commente GAGNÉ pour participer !", true},
		{"school lottery card", "Loto de l'école samedi 20h, 3 € le carton, nombreux lots à gagner dont un vélo !", false},
		{"selling a mower", "Je vends ma tondeuse, très bon état, 80 €, MP si intéressé.", false},
		{"warning about free heat pumps", "Attention aux faux conseillers qui proposent des pompes à chaleur gratuites, ne donnez jamais vos coordonnées.", false},
	})
}

func TestPropagandaConstructions(t *testing.T) {
	runCategory(t, moderation.Propagande, []catCase{
		{"one ballot", "Le 22 mars, un seul bulletin : Lavergne Ensemble !", true},
		{"ballot rules", "Un seul bulletin par enveloppe, sinon le vote est nul.", false},
		{"block a party", "Faisons barrage au RN aux municipales !", true},
		{"flood barrier", "Faire barrage aux inondations, c'est le rôle des digues.", false},
		{"do not forget to vote for", "N'oubliez pas de voter pour Haddad dimanche.", true},
		{"give your life", "Donne ta vie à Jésus avant qu'il soit trop tard, il revient bientôt.", true},
		{"only true religion", "L'islam est la seule vraie religion, ouvrez les yeux.", true},
		{"behind a candidate", "Dimanche, tous derrière Karim Haddad et sa liste !", true},
		{"behind the firemen", "Tous derrière nos pompiers qui luttent contre le feu depuis hier !", false},
		{"behind the national team", "Allez les Bleus ! Tous derrière l'équipe de France ce soir !", false},
		{"slogan", "Zemmour président ! Il est temps de sauver la France.", true},
		{"club president", "Haddad président ! Le club de foot a enfin un vrai chef 😂", false},
		{"right choice of a list", "En mars, faites le bon choix : liste Lavergne Ensemble.", true},
		{"right choice of bins", "Faites le bon choix pour vos déchets : triez !", false},
		{"carol concert", "La chorale chante à l'église samedi, Jésus et Marie au programme du concert de Noël.", false},
	})
}
